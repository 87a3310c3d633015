/** The demo agencies' directories, put through the API as each agency's admin. */
import { API_URL, type Role, send } from './api';

/**
 * The agency directory each demo agency's admin keeps: who reminders, escalations and digests reach by e-mail.
 * Person ids are the ids the development tokens carry (`<role>-<agency>`), so a signed-in officer's bell and
 * e-mail match. Addresses use the reserved `.example` domain; Kota Kediri's PPK has none on purpose, to show
 * an undeliverable notification on the dead-letter list.
 */
const DIRECTORY: {
  agency: string;
  name: string;
  domain: string;
  people: { id: string; name: string; roles: string[]; email?: boolean; language?: string }[];
}[] = [
  {
    agency: 'kota-bekasi',
    name: 'Pemerintah Kota Bekasi',
    domain: 'bekasikota.example',
    people: [
      { id: 'officer-kota-bekasi', name: 'Ani Wulandari', roles: ['case_officer', 'inspektorat'] },
      { id: 'supervisor-kota-bekasi', name: 'Citra Lestari', roles: ['supervisor'] },
      { id: 'ppk-kota-bekasi', name: 'Wali Kota Bekasi (PPK)', roles: ['ppk'] },
      { id: 'bkpsdm-kota-bekasi', name: 'BKPSDM Kota Bekasi', roles: ['bkpsdm'] },
      { id: 'bkn-kanreg-3', name: 'Kantor Regional III BKN', roles: ['supervisory_body'], language: 'en' },
    ],
  },
  {
    agency: 'kab-bogor',
    name: 'Pemerintah Kabupaten Bogor',
    domain: 'bogorkab.example',
    people: [
      { id: 'officer-kab-bogor', name: 'Yusuf Hidayat', roles: ['case_officer', 'inspektorat'] },
      { id: 'supervisor-kab-bogor', name: 'Rina Marlina', roles: ['supervisor'] },
      { id: 'ppk-kab-bogor', name: 'Bupati Bogor (PPK)', roles: ['ppk'] },
    ],
  },
  {
    agency: 'kota-kediri',
    name: 'Pemerintah Kota Kediri',
    domain: 'kedirikota.example',
    people: [
      { id: 'officer-kota-kediri', name: 'Sri Handayani', roles: ['case_officer', 'inspektorat'] },
      { id: 'supervisor-kota-kediri', name: 'Agus Salim', roles: ['supervisor'] },
      { id: 'ppk-kota-kediri', name: 'Wali Kota Kediri (PPK)', roles: ['ppk'], email: false },
    ],
  },
];

export async function seedDirectory(token: (role: Role, agency: string) => Promise<string>): Promise<void> {
  for (const entry of DIRECTORY) {
    const headers = {
      authorization: `Bearer ${await token('admin', entry.agency)}`,
      'content-type': 'application/json',
    };
    const put = async (path: string, body: unknown) => {
      const response = await send(`${API_URL}/directory/${entry.agency}${path}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify(body),
      });
      if (!response.ok)
        throw new Error(`directory ${entry.agency}${path}: ${response.status} ${await response.text()}`);
    };
    await put('', { name: entry.name, timeZone: 'Asia/Jakarta' });
    for (const person of entry.people) {
      await put(`/people/${person.id}`, {
        name: person.name,
        email: person.email === false ? null : `${person.id}@${entry.domain}`,
        roles: person.roles,
        language: person.language ?? 'id',
      });
    }
    console.log(`${entry.agency.padEnd(12)} directory: ${entry.people.length} people`);
  }
}
