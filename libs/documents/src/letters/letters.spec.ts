// Letters rendered from cases run through the domain (fixtures), parsed back to text: the ASN's name and
// NIP, the letter number, the dates written out in Indonesian and the legal basis of the clauses.
import { DEFAULT_CATALOGUES, type CaseState } from '@netral/domain';
import { BERAT_PATH, NO_SHOW_PATH, SEDANG_PATH, run } from '@netral/domain/testing/fixtures';
import { pdfText } from '../../../../test/support/pdf-text';
import { sha256Hex } from '../hash';
import { type LetterSettings, defaultLetterSettings, letterValues } from './letter-context';
import { buildLetter, letterAvailability } from './letters';
import { DEFAULT_LETTER_TEMPLATES, TemplateError, findTemplate, parseBlocks } from './templates';
import { tanggalTerbilang, terbilang } from './terbilang';

const sedang = run(SEDANG_PATH).state;
const SETTINGS: LetterSettings = {
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
};

async function letter(templateId: string, state: CaseState = sedang, draft = false) {
  return buildLetter({
    templateId,
    state,
    catalogues: DEFAULT_CATALOGUES,
    settings: SETTINGS,
    extras: {
      hearingPlace: 'Ruang Rapat Inspektorat Lt. 2',
      hearingTime: '09.00 WIB',
      clarificationSummary: 'Terlapor hadir dalam kampanye terbuka.',
    },
    draft,
    createdAt: new Date('2025-01-13T02:00:00Z'),
  });
}

describe('letters', () => {
  it('summons I: letterhead, number, ASN, hearing date written out, legal basis of its clauses', async () => {
    const pdf = await letter('surat_panggilan_1');
    const { text, pages } = await pdfText(pdf.pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pdf.number).toBe('PGL-1/2025');
    for (const phrase of [
      'PEMERINTAH KOTA BEKASI',
      'SURAT PANGGILAN I',
      'NOMOR PGL-1/2025',
      'Dedi Kurniawan',
      '198001012005011001',
      'Rabu',
      '22 Januari 2025',
      'Ruang Rapat Inspektorat Lt. 2',
      'ikut kampanye',
      'PP 94/2021 Ps 5 huruf n angka 1 jo. Ps 13 huruf g',
      'PP 94/2021 Ps 26 ayat (1) dan (2)',
      'Bekasi, 13 Januari 2025',
      'Drs. Hendra Gunawan, M.Si.',
      'Camat Bekasi Timur',
    ]) {
      expect(text).toContain(phrase);
    }
    expect(text).not.toContain('KONSEP');
  });

  it('is deterministic: the same fact renders the same bytes (so a retried issue has the same hash)', async () => {
    const [a, b] = await Promise.all([letter('surat_panggilan_1'), letter('surat_panggilan_1')]);
    expect(a.sha256).toBe(b.sha256);
    expect(sha256Hex(a.pdf)).toBe(a.sha256);
  });

  it('a draft says KONSEP', async () => {
    const { text } = await pdfText((await letter('surat_panggilan_1', sedang, true)).pdf);
    expect(text).toContain('KONSEP');
  });

  it('summons II names the missed first summons', async () => {
    const { text } = await pdfText((await letter('surat_panggilan_2', run(NO_SHOW_PATH).state)).pdf);
    expect(text).toContain('SURAT PANGGILAN II');
    expect(text).toContain('PGL-2/2025');
    expect(text).toContain('Surat Panggilan I nomor PGL-1/2025');
    expect(text).toContain('Ps 26 ayat (5)');
  });

  it('BAP: the day and date in words, examined by the Tim Pemeriksa, both signatures', async () => {
    const { text } = await pdfText((await letter('bap', run(BERAT_PATH).state)).pdf);
    expect(text).toContain('BERITA ACARA PEMERIKSAAN');
    expect(text).toContain('BAP-01/2025');
    expect(text).toContain('Rabu tanggal dua puluh dua bulan Januari tahun dua ribu dua puluh lima');
    expect(text).toContain('Tim Pemeriksa yang dibentuk dengan Keputusan nomor SK-TIM/01/2025');
    expect(text).toContain('Yang diperiksa');
    expect(text).toContain('PP 94/2021 Ps 5 huruf n angka 4 jo. Ps 14 huruf i');
  });

  it('the sanction decree: sanction and its basis from the catalogue, the objection route', async () => {
    const { text } = await pdfText((await letter('keputusan_hukuman_disiplin')).pdf);
    expect(text).toContain('SK-HD/800/01/2025');
    expect(text).toContain('pemotongan tunjangan kinerja sebesar 25% selama 6 (enam) bulan');
    expect(text).toContain('MEMUTUSKAN');
    expect(text).toContain('Dedi Kurniawan, NIP 198001012005011001');
    expect(text).toContain('Ditetapkan di Bekasi');
    expect(text).toContain('3 Februari 2025');
    expect(text).toContain('keberatan secara tertulis');
    const dismissal = await pdfText((await letter('keputusan_hukuman_disiplin', run(BERAT_PATH).state)).pdf);
    expect(dismissal.text).toContain('banding administratif kepada Badan Pertimbangan Aparatur Sipil Negara');
  });

  it('the LHP carries the clarification report number and its conclusion', async () => {
    const { text } = await pdfText((await letter('lhp')).pdf);
    expect(text).toContain('LAPORAN HASIL PEMERIKSAAN');
    expect(text).toContain('LHP-01/2025');
    expect(text).toContain('Terlapor hadir dalam kampanye terbuka.');
    expect(text).toContain('tingkat hukuman disiplin sedang');
  });

  it('a letter whose fact is not recorded is refused (UNKNOWN_FACT)', async () => {
    await expect(letter('surat_panggilan_2')).rejects.toMatchObject({ code: 'UNKNOWN_FACT' });
  });

  it('offers a letter only when its fact is recorded, naming the missing fact otherwise', () => {
    const availability = Object.fromEntries(
      DEFAULT_LETTER_TEMPLATES.templates.map((t) => [t.id, letterAvailability(t, sedang)]),
    );
    expect(availability.surat_panggilan_1).toEqual({ available: true, missingFacts: [] });
    expect(availability.keputusan_hukuman_disiplin.available).toBe(true);
    // The SEDANG path needs one summons only: the second is missing, and it is exactly what buildLetter refuses.
    expect(availability.surat_panggilan_2).toEqual({
      available: false,
      missingFacts: [{ kind: 'surat_panggilan', sequence: 2 }],
    });
    const opened = run(SEDANG_PATH.slice(0, 1)).state;
    for (const t of DEFAULT_LETTER_TEMPLATES.templates) {
      expect(letterAvailability(t, opened)).toEqual({ available: false, missingFacts: [t.fact] });
    }
  });

  it('an agency adjusts a template: its own blocks replace the bundled ones; bad blocks are refused', async () => {
    const blocks = parseBlocks(
      [
        { kind: 'title', text: 'PANGGILAN PEMERIKSAAN' },
        {
          kind: 'paragraph',
          text: 'Saudara {asn.nama} (NIP {asn.nip}) dipanggil.',
          basis: 'PP 94/2021 Ps 26 [S]',
        },
      ],
      'surat_panggilan_1',
    );
    const adjusted = await buildLetter({
      templateId: 'surat_panggilan_1',
      state: sedang,
      catalogues: DEFAULT_CATALOGUES,
      settings: { ...SETTINGS, templates: { surat_panggilan_1: blocks } },
      draft: false,
      createdAt: new Date('2025-01-13T02:00:00Z'),
    });
    expect((await pdfText(adjusted.pdf)).text).toContain(
      'Saudara Dedi Kurniawan (NIP 198001012005011001) dipanggil.',
    );
    expect(() => parseBlocks([{ kind: 'script', text: 'x' }], 't')).toThrow(TemplateError);
    expect(() => parseBlocks([{ kind: 'fields', rows: [['a']] }], 't')).toThrow(TemplateError);
  });

  it('default settings name the agency from the case', () => {
    expect(defaultLetterSettings(sedang).letterhead).toEqual({
      lines: ['PEMERINTAH KOTA BEKASI'],
      address: '',
      city: 'Bekasi',
    });
    expect(DEFAULT_LETTER_TEMPLATES.templates.map((t) => t.id)).toEqual([
      'lhp',
      'surat_panggilan_1',
      'surat_panggilan_2',
      'bap',
      'keputusan_hukuman_disiplin',
    ]);
  });

  it('numbers and dates in words', () => {
    expect([0, 1, 11, 12, 19, 20, 22, 100, 115, 999, 1000, 2025, 12345].map(terbilang)).toEqual([
      'nol',
      'satu',
      'sebelas',
      'dua belas',
      'sembilan belas',
      'dua puluh',
      'dua puluh dua',
      'seratus',
      'seratus lima belas',
      'sembilan ratus sembilan puluh sembilan',
      'seribu',
      'dua ribu dua puluh lima',
      'dua belas ribu tiga ratus empat puluh lima',
    ]);
    expect(tanggalTerbilang('2025-01-01')).toBe('satu bulan Januari tahun dua ribu dua puluh lima');
  });
});

describe('legal basis in letters', () => {
  it('cites the catalogue’s legalBasis, which carries no confidence marker (confidence is a field of its own)', () => {
    const entries = [...DEFAULT_CATALOGUES.violations.violations, ...DEFAULT_CATALOGUES.sanctions.sanctions];
    expect(entries.some((e) => e.confidence !== 'C')).toBe(true);
    for (const entry of entries) expect(entry.legalBasis).not.toMatch(/\[[CSI]\b/);
    // A case on a secondary-source violation and sanction (SKB 2022, PP 42/2004): the letter cites the text only.
    const decision = sedang.decision;
    if (!decision) throw new Error('the sedang fixture has a decision');
    const state: CaseState = {
      ...sedang,
      violationType: 'SKB_ETIK_MEDSOS_INTERAKSI',
      decision: { ...decision, sanctionCode: 'PERNYATAAN_TERBUKA' },
    };
    const values = letterValues({
      template: findTemplate(DEFAULT_LETTER_TEMPLATES, 'keputusan_hukuman_disiplin') ?? fail(),
      state,
      catalogues: DEFAULT_CATALOGUES,
      settings: SETTINGS,
    });
    const violation = DEFAULT_CATALOGUES.violations.violations.find((v) => v.code === state.violationType);
    const sanction = DEFAULT_CATALOGUES.sanctions.sanctions.find((s) => s.code === 'PERNYATAAN_TERBUKA');
    expect(violation?.confidence).toBe('S');
    expect(values['pelanggaran.dasarHukum']).toBe(violation?.legalBasis);
    expect(values['hukuman.dasarHukum']).toBe(sanction?.legalBasis);
    for (const value of Object.values(values)) expect(value).not.toMatch(/\[[CSI]\b/);
  });
});

function fail(): never {
  throw new Error('template not found');
}
