/**
 * Renders the sample summons shown in the README (the domain fixtures' case, a Kota Bekasi letterhead) to a
 * PDF: `npx tsx scripts/letter-sample.ts /tmp/summons.pdf && pdftoppm -png -r 80 -singlefile /tmp/summons.pdf
 * docs/surat-panggilan-1` (pdftoppm: Debian's poppler-utils).
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_CATALOGUES } from '@netral/domain';
import { SEDANG_PATH, run } from '@netral/domain/testing/fixtures';
import { buildLetter } from '@netral/documents';

async function main(out: string): Promise<void> {
  const letter = await buildLetter({
    templateId: 'surat_panggilan_1',
    state: run(SEDANG_PATH).state,
    catalogues: DEFAULT_CATALOGUES,
    settings: {
      letterhead: {
        lines: ['PEMERINTAH KOTA BEKASI', 'INSPEKTORAT DAERAH'],
        address: 'Jl. Jend. Ahmad Yani No. 1, Bekasi 17141 - Telepon (021) 8841234',
        city: 'Bekasi',
      },
      signatories: {
        atasan_langsung: {
          name: 'Drs. Hendra Gunawan, M.Si.',
          nip: '197205151998031004',
          position: 'Camat Bekasi Timur',
        },
      },
      templates: {},
    },
    extras: { hearingPlace: 'Ruang Rapat Inspektorat Lt. 2', hearingTime: '09.00 WIB' },
    draft: false,
    createdAt: new Date('2025-01-13T00:00:00Z'),
  });
  writeFileSync(out, letter.pdf);
  console.log(`${out}: ${letter.title}, SHA-256 ${letter.sha256}`);
}

main(process.argv[2] ?? 'surat-panggilan-1.pdf').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
