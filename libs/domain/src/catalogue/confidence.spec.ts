// The confidence of a catalogue entry as a field of its own, and the normaliser that still reads the old
// shape (markers inside legalBasis) from catalogues that running cases carry in their workflow history.
import { DEFAULT_AGENCIES, parseAgencySetting } from './agencies';
import { DEFAULT_CATALOGUES, parseSanctionCatalogue, parseViolationCatalogue } from './catalogue';
import { normaliseSourced, stripMarkers } from './confidence';

const MARKER = /\[[CSI]\b/;

describe('catalogue confidence (C cited, S secondary sources, I interpretation)', () => {
  const entries = [
    ...DEFAULT_CATALOGUES.sanctions.sanctions,
    ...DEFAULT_CATALOGUES.violations.violations,
    ...(DEFAULT_CATALOGUES.violations.readings ?? []),
    ...DEFAULT_CATALOGUES.supervisoryBodies.periods,
    ...DEFAULT_AGENCIES.agencies,
  ];

  it('every shipped entry has a typed confidence and a legal basis without markers', () => {
    for (const entry of entries) {
      expect(['C', 'S', 'I']).toContain(entry.confidence);
      expect(entry.legalBasis).not.toMatch(MARKER);
    }
  });

  it('every S or I entry says why in confidenceNote', () => {
    for (const entry of entries.filter((e) => e.confidence !== 'C')) {
      expect(entry.confidenceNote).toEqual(expect.any(String));
    }
  });

  it('the entries citing PP 94/2021 Ps 8 and Ps 5 huruf n directly are C (domain.md)', () => {
    const byCode = (code: string) =>
      [...DEFAULT_CATALOGUES.sanctions.sanctions, ...DEFAULT_CATALOGUES.violations.violations].find(
        (e) => e.code === code,
      );
    for (const code of [
      'TEGURAN_LISAN',
      'TEGURAN_TERTULIS',
      'PERNYATAAN_TIDAK_PUAS',
      'PEMOTONGAN_TUKIN_25',
      'PENURUNAN_JABATAN',
      'PEMBEBASAN_JABATAN',
      'PDHTAPS',
    ]) {
      expect(byCode(code)).toMatchObject({
        confidence: 'C',
        legalBasis: expect.stringMatching(/^PP 94\/2021 Ps 8/),
      });
    }
    const pp94Violations = DEFAULT_CATALOGUES.violations.violations.filter((v) =>
      v.code.startsWith('PP94_5N_'),
    );
    expect(pp94Violations).toHaveLength(7);
    for (const v of pp94Violations) expect(v.confidence).toBe('C');
    expect(byCode('PTDH')?.confidence).toBe('S');
    expect(byCode('SKB_ETIK_MEDSOS_INTERAKSI')?.confidence).toBe('S');
  });

  it('refuses an amendment with a marker left in legalBasis or without confidence, naming the field', () => {
    const sanctions = JSON.parse(JSON.stringify(DEFAULT_CATALOGUES.sanctions));
    sanctions.sanctions[4].legalBasis = 'PP 94/2021 Ps 8 ayat (3) [S]';
    expect(() => parseSanctionCatalogue(sanctions)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATA', details: { where: 'sanctions[4].legalBasis' } }),
    );
    const violations = JSON.parse(JSON.stringify(DEFAULT_CATALOGUES.violations));
    delete violations.violations[0].confidence;
    expect(() => parseViolationCatalogue(violations)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATA', details: { where: 'violations[0].confidence' } }),
    );
    const agencies = JSON.parse(JSON.stringify(DEFAULT_AGENCIES));
    agencies.agencies[0].confidence = 'maybe';
    expect(() => parseAgencySetting(agencies)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATA', details: { where: 'agencies[0].confidence' } }),
    );
  });
});

describe('normaliseSourced: the old shape (markers inside legalBasis) carried by running cases', () => {
  it('an old PP 94/2021 entry without a marker cites the regulation: C', () => {
    expect(normaliseSourced({ legalBasis: 'PP 94/2021 Ps 8 ayat (2) huruf a' })).toEqual({
      legalBasis: 'PP 94/2021 Ps 8 ayat (2) huruf a',
      confidence: 'C',
    });
  });

  it('a bare marker gives its level; a marker with a reason gives the note', () => {
    expect(
      normaliseSourced({ legalBasis: 'PP 94/2021 Ps 42 jo. PP 53/2010 Ps 7 ayat (3) huruf a [S]' }),
    ).toEqual({
      legalBasis: 'PP 94/2021 Ps 42 jo. PP 53/2010 Ps 7 ayat (3) huruf a',
      confidence: 'S',
    });
    expect(normaliseSourced({ legalBasis: 'Perwal Bekasi tentang TPP ASN [I: setting]' })).toEqual({
      legalBasis: 'Perwal Bekasi tentang TPP ASN',
      confidence: 'I',
      confidenceNote: 'setting',
    });
  });

  it('the weakest marker of a mixed basis wins, with the reasons at that level', () => {
    expect(
      normaliseSourced({
        legalBasis:
          'SKB 2022 Lampiran [S: disciplinary level per secondary summaries]; PP 42/2004 Ps 15-16 [C]; PP 94/2021 Ps 13 g / 14 i',
      }),
    ).toEqual({
      legalBasis: 'SKB 2022 Lampiran; PP 42/2004 Ps 15-16; PP 94/2021 Ps 13 g / 14 i',
      confidence: 'S',
      confidenceNote: 'disciplinary level per secondary summaries',
    });
    expect(
      normaliseSourced({ legalBasis: 'PP 94/2021 [C]; delegation by grade [I: local practice]' }),
    ).toMatchObject({
      confidence: 'I',
      confidenceNote: 'local practice',
    });
  });

  it('an old reading with a confidence field but markers in the text keeps the field and loses the markers', () => {
    expect(
      normaliseSourced({
        legalBasis: "regional practice treating 'likes' as berat [C: interpretations differ between regions]",
        confidence: 'C',
      }),
    ).toEqual({ legalBasis: "regional practice treating 'likes' as berat", confidence: 'C' });
  });

  it('a new-shape entry passes through unchanged', () => {
    for (const entry of DEFAULT_CATALOGUES.sanctions.sanctions) {
      const { legalBasis, confidence, confidenceNote } = entry;
      expect(normaliseSourced(entry)).toEqual({
        legalBasis,
        confidence,
        ...(confidenceNote ? { confidenceNote } : {}),
      });
    }
  });

  it('the old bundled catalogue (sanctions 2026.1) normalises to the same confidences as the new one', () => {
    const old: Record<string, string> = {
      TEGURAN_LISAN: 'PP 94/2021 Ps 8 ayat (2) huruf a',
      PEMOTONGAN_TPP_25:
        "PP 94/2021 Ps 8 ayat (3) as applied to TPP by the agency's regional regulation (Perkada tentang TPP) [S]",
      PPPK_PEMUTUSAN_PERJANJIAN:
        'PP 49/2018 Ps 53 [S]; appealed by banding administratif to BPASN (PP 79/2021 Ps 1 angka 5)',
      PDHTAPS: 'PP 94/2021 Ps 8 ayat (4) huruf c',
    };
    for (const [code, legalBasis] of Object.entries(old)) {
      const current = DEFAULT_CATALOGUES.sanctions.sanctions.find((s) => s.code === code);
      expect(normaliseSourced({ legalBasis })).toMatchObject({
        legalBasis: current?.legalBasis,
        confidence: current?.confidence,
      });
    }
    expect(stripMarkers('a [S] b')).toBe('a b');
  });
});
