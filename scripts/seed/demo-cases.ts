/**
 * The demo cases: realistic cases from Kota Bekasi, Kabupaten Bogor and Kota Kediri, each a list of the
 * requests its officers, supervisors and PPKs would send. Their dates count in working days from a first
 * day some calendar days before today, so they stay within the policy's backdating horizon.
 */
import { addWorkingDays, nextWorkingDayOnOrAfter, addDays, type CivilDate } from '@netral/domain';
import { buildIndonesianCalendar } from '@netral/domain/calendar';
import type { Role } from './api';

export interface Step {
  /** POST path below /cases/{id}, or '' for registering the case (POST /cases). */
  path: string;
  as: Role;
  body: Record<string, unknown>;
}
export interface DemoCase {
  key: string;
  agency: string;
  steps: () => Step[];
}
/** Day n counted in working days from a case's first day. */
type DateHelper = (workingDaysFromStart: number) => CivilDate;

const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10); // WIB
const calendar = buildIndonesianCalendar({
  fromYear: Number(today.slice(0, 4)) - 1,
  toYear: Number(today.slice(0, 4)) + 1,
  timeZone: 'Asia/Jakarta',
});
/** A helper whose day 0 is the first working day on or after `daysAgo` calendar days before today. */
const startingDaysAgo =
  (daysAgo: number): DateHelper =>
  (n) =>
    addWorkingDays(calendar, nextWorkingDayOnOrAfter(calendar, addDays(today, -daysAgo)), n);

const register = (body: Record<string, unknown>): Step => ({ path: '', as: 'officer', body });
const asn = (name: string, nip: string, position: string, unit: string, agency: string) => ({
  nip,
  name,
  position,
  unit,
  agency,
  employeeType: 'PNS',
});

export const DEMO_CASES: DemoCase[] = [
  {
    // A district official at an open campaign rally: sedang, examined, 25% tukin cut for 6 months.
    key: 'bekasi-kampanye',
    agency: 'kota-bekasi',
    steps: () => {
      // Within the policy's 60-day backdating horizon, so an officer may record it without a reason.
      const start = startingDaysAgo(58);
      return [
        register({
          source: {
            kind: 'bawaslu_finding',
            reference: 'TEMUAN-012/PM.01/K.JB-08/2026',
            receivedOn: start(0),
          },
          reportedAsn: asn(
            'Dedi Kurniawan',
            '198001012005011001',
            'Kepala Seksi Pelayanan',
            'Kecamatan Bekasi Timur',
            'Pemerintah Kota Bekasi',
          ),
          violationType: 'PP94_5N_1_IKUT_KAMPANYE',
          conduct: 'Hadir dan ikut bersorak dalam kampanye terbuka pasangan calon di Lapangan Multiguna',
          election: { kind: 'pilkada', year: 2026 },
          evidence: [{ ref: 'FOTO-01', description: 'Foto kehadiran pada kampanye terbuka' }],
        }),
        {
          path: 'assignment',
          as: 'supervisor',
          body: { officerId: 'officer-kota-bekasi', officerName: 'Ani Suryani' },
        },
        {
          path: 'clarification/start',
          as: 'officer',
          body: { by: 'inspektorat', letterReference: '700/112/Inspektorat' },
        },
        {
          path: 'clarification/result',
          as: 'officer',
          body: {
            result: 'proceed',
            likelyLevel: 'sedang',
            timPemeriksaNeeded: false,
            reportReference: 'LHK-045/Inspektorat/2026',
            summary: 'Terlapor mengakui hadir; bukti foto dan video cukup untuk pemeriksaan',
          },
        },
        {
          path: 'ppk-follow-up',
          as: 'ppk',
          body: { action: 'examination', letterNumber: '800/2210/BKPSDM', letterDate: start(3) },
        },
        {
          path: 'summons',
          as: 'officer',
          body: {
            sequence: 1,
            letterNumber: '800/2231/BKPSDM',
            issuedOn: start(4),
            deliveredOn: start(4),
            deliveryProofRef: 'TANDA-TERIMA-2231',
            hearingDate: start(12),
          },
        },
        { path: 'attendance', as: 'officer', body: { sequence: 1, attended: true } },
        {
          path: 'bap',
          as: 'officer',
          body: { number: 'BAP-031/BKPSDM/2026', signedOn: start(12), asnSigned: true },
        },
        {
          path: 'sanction/decision',
          as: 'ppk',
          body: {
            sanctionCode: 'PEMOTONGAN_TPP_25',
            periodMonths: 6,
            decreeNumber: '800/Kep.412-BKPSDM/2026',
            decreeDate: start(20),
            decidingOfficial: {
              name: 'Wali Kota Bekasi',
              position: 'Pejabat Pembina Kepegawaian',
              authority: 'ppk',
            },
          },
        },
        {
          path: 'sanction/delivery',
          as: 'officer',
          body: { deliveredOn: start(22), method: 'in_person', proofRef: 'TANDA-TERIMA-SK-412' },
        },
      ] as Step[];
    },
  },
  {
    // A teacher who liked and shared a candidate's posts: ethics, Majelis Kode Etik, open moral statement.
    key: 'bogor-medsos',
    agency: 'kab-bogor',
    steps: () => {
      const start = startingDaysAgo(40);
      return [
        register({
          source: { kind: 'public_report', reference: 'LAP-077/2026', receivedOn: start(0) },
          reportedAsn: asn(
            'Rina Marlina',
            '198705152010012003',
            'Guru Ahli Muda',
            'SMP Negeri 2 Cibinong',
            'Pemerintah Kabupaten Bogor',
          ),
          violationType: 'SKB_ETIK_MEDSOS_INTERAKSI',
          conduct: 'Menyukai dan membagikan unggahan kampanye calon bupati di Instagram',
          election: { kind: 'pilkada', year: 2026 },
          evidence: [{ ref: 'TANGKAPAN-LAYAR-3', description: 'Tangkapan layar unggahan yang dibagikan' }],
          reporter: {
            name: 'Agus Salim',
            address: 'Jl. Raya Cibinong 10, Kabupaten Bogor',
            contact: '081355500011',
          },
        }),
        {
          path: 'assignment',
          as: 'supervisor',
          body: { officerId: 'officer-kab-bogor', officerName: 'Yusuf Hidayat' },
        },
        {
          path: 'clarification/start',
          as: 'officer',
          body: { by: 'inspektorat', letterReference: '700/88/Itda' },
        },
        {
          path: 'clarification/result',
          as: 'officer',
          body: {
            result: 'proceed',
            likelyLevel: 'moral',
            timPemeriksaNeeded: false,
            reportReference: 'LHK-019/Itda/2026',
            summary: 'Unggahan terbukti dibagikan dari akun pribadi terlapor',
          },
        },
        {
          path: 'ppk-follow-up',
          as: 'ppk',
          body: { action: 'majelis_kode_etik', letterNumber: '800/915/BKPSDM', letterDate: start(3) },
        },
        {
          path: 'majelis-kode-etik',
          as: 'ppk',
          body: {
            decreeNumber: '800/Kep.55-MKE/2026',
            decreeDate: start(4),
            members: ['Sekretaris Daerah', 'Inspektur', 'Kepala BKPSDM'],
            hearingDate: start(8),
          },
        },
        {
          path: 'majelis-kode-etik/recommendation',
          as: 'officer',
          body: {
            proven: true,
            recommendedSanction: 'PERNYATAAN_TERBUKA',
            minutesRef: 'BA-MKE-07/2026',
            decidedOn: start(8),
          },
        },
      ] as Step[];
    },
  },
  {
    // A section head who used an official car for a campaign: berat, with a Tim Pemeriksa, hearing ahead.
    key: 'kediri-fasilitas',
    agency: 'kota-kediri',
    steps: () => {
      const start = startingDaysAgo(16);
      return [
        register({
          source: {
            kind: 'bawaslu_finding',
            reference: 'TEMUAN-004/PM.01/K.JI-20/2026',
            receivedOn: start(0),
          },
          reportedAsn: asn(
            'Bambang Setiawan',
            '197511202000031002',
            'Kepala Bidang Sarana dan Prasarana',
            'Dinas Perhubungan',
            'Pemerintah Kota Kediri',
          ),
          violationType: 'PP94_5N_4_FASILITAS_NEGARA',
          conduct: 'Menggunakan mobil dinas untuk mengangkut alat peraga kampanye',
          election: { kind: 'pilkada', year: 2026 },
          evidence: [{ ref: 'VIDEO-2', description: 'Rekaman video mobil dinas berpelat merah' }],
        }),
        {
          path: 'assignment',
          as: 'supervisor',
          body: { officerId: 'officer-kota-kediri', officerName: 'Sri Wahyuni' },
        },
        {
          path: 'clarification/start',
          as: 'officer',
          body: { by: 'inspektorat', letterReference: '700/41/Inspektorat' },
        },
        {
          path: 'clarification/result',
          as: 'officer',
          body: {
            result: 'proceed',
            likelyLevel: 'berat',
            timPemeriksaNeeded: true,
            reportReference: 'LHK-008/Inspektorat/2026',
            summary: 'Penggunaan kendaraan dinas terkonfirmasi oleh dua saksi',
          },
        },
        {
          path: 'ppk-follow-up',
          as: 'ppk',
          body: { action: 'examination', letterNumber: '800/301/BKPSDM', letterDate: start(3) },
        },
        {
          path: 'tim-pemeriksa',
          as: 'ppk',
          body: {
            decreeNumber: '800/Kep.19-BKPSDM/2026',
            decreeDate: start(3),
            members: [
              { name: 'Kepala Dinas Perhubungan', role: 'atasan_langsung' },
              { name: 'Auditor Inspektorat', role: 'pengawasan' },
              { name: 'Analis Kepegawaian BKPSDM', role: 'kepegawaian' },
            ],
          },
        },
        {
          path: 'summons',
          as: 'officer',
          body: {
            sequence: 1,
            letterNumber: '800/322/BKPSDM',
            issuedOn: start(5),
            deliveredOn: start(5),
            deliveryProofRef: 'TANDA-TERIMA-322',
            hearingDate: start(14),
          },
        },
      ] as Step[];
    },
  },
  {
    // A fresh report in Bekasi, assigned and under clarification: its deadline is running.
    key: 'bekasi-baru',
    agency: 'kota-bekasi',
    steps: () => {
      const start = startingDaysAgo(3);
      return [
        register({
          source: { kind: 'public_report', reference: 'LAP-131/2026', receivedOn: start(0) },
          reportedAsn: asn(
            'Hendra Gunawan',
            '199002142015031004',
            'Lurah',
            'Kelurahan Margahayu',
            'Pemerintah Kota Bekasi',
          ),
          violationType: 'PP94_5N_2_ATRIBUT_KAMPANYE',
          conduct: 'Memakai kaus bergambar pasangan calon saat kegiatan kampanye',
          election: { kind: 'pilkada', year: 2026 },
          reporter: { name: 'Lina Marpaung', address: 'Jl. Kenari 3, Bekasi Timur' },
        }),
        {
          path: 'assignment',
          as: 'supervisor',
          body: { officerId: 'officer-kota-bekasi', officerName: 'Ani Suryani' },
        },
        {
          path: 'clarification/start',
          as: 'officer',
          body: { by: 'inspektorat', letterReference: '700/140/Inspektorat' },
        },
      ] as Step[];
    },
  },
  {
    // A report that clarification could not substantiate: closed as not proven.
    key: 'bogor-tidak-terbukti',
    agency: 'kab-bogor',
    steps: () => {
      const start = startingDaysAgo(30);
      return [
        register({
          source: { kind: 'public_report', reference: 'LAP-052/2026', receivedOn: start(0) },
          reportedAsn: asn(
            'Teguh Prasetyo',
            '198303032008011005',
            'Camat',
            'Kecamatan Ciawi',
            'Pemerintah Kabupaten Bogor',
          ),
          violationType: 'PP94_5N_1_IKUT_KAMPANYE',
          conduct: 'Diduga hadir pada deklarasi pasangan calon',
          election: { kind: 'pilkada', year: 2026 },
          reporter: { name: 'Rudi Hartono', address: 'Jl. Veteran 2, Ciawi' },
        }),
        {
          path: 'assignment',
          as: 'supervisor',
          body: { officerId: 'officer-kab-bogor', officerName: 'Yusuf Hidayat' },
        },
        {
          path: 'clarification/start',
          as: 'officer',
          body: { by: 'inspektorat', letterReference: '700/61/Itda' },
        },
        {
          path: 'clarification/result',
          as: 'officer',
          body: {
            result: 'not_proven',
            reportReference: 'LHK-011/Itda/2026',
            summary: 'Pada waktu kejadian terlapor sedang bertugas di kantor kecamatan (daftar hadir, saksi)',
          },
        },
      ] as Step[];
    },
  },
];
