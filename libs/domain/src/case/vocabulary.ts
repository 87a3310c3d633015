// The case's fixed vocabularies, each in one place: the domain, the API's DTOs and views, the read models and
// the digest import them from here. Each entry carries its Indonesian name, an English gloss and its basis,
// so GET /catalogues can show officers every code with where it comes from.

export interface Term<C extends string = string> {
  code: C;
  /** The Indonesian term. */
  name: string;
  /** An English gloss. */
  gloss: string;
  legalBasis: string;
}

const terms = <C extends string>(list: readonly Term<C>[]) => ({
  codes: list.map((t) => t.code) as readonly C[],
  terms: list,
});

/** NIP (Nomor Induk Pegawai): 18 digits (PP 11/2017 and BKN rules on the NIP format). */
export const NIP_PATTERN = /^\d{18}$/;
/** How long a time-bound sanction (or the one an objection's outcome sets) may run, in months. */
export const SANCTION_PERIOD_MONTHS = { min: 1, max: 120 } as const;
/** Case ids as minted by the API (`NTR-` + 12 Crockford base-32 characters) or chosen by a caller. */
export const CASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;
/** Event-store stream ids (a case's stream id is its case id; other streams may use `/`). */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/;
/** A case id minted by the API. */
export const MINTED_CASE_ID_PATTERN = /^NTR-[0-9A-HJKMNP-TV-Z]{12}$/;

export const ELECTION = terms([
  { code: 'pemilu', name: 'Pemilihan Umum', gloss: 'national/legislative election', legalBasis: 'UU 7/2017' },
  {
    code: 'pilkada',
    name: 'Pemilihan Kepala Daerah',
    gloss: 'regional head election',
    legalBasis: 'UU 1/2015 jo. UU 10/2016',
  },
] as const);
export const ELECTION_KINDS = ELECTION.codes;
export type ElectionKind = (typeof ELECTION_KINDS)[number];

export const CLARIFYING = terms([
  {
    code: 'inspektorat',
    name: 'Inspektorat Daerah',
    gloss: 'regional internal oversight body',
    legalBasis:
      'PP 94/2021 [S] (oversight member of the Tim Pemeriksa); its clarification role rests on local instruments, e.g. Instruksi Wali Kota Bekasi 800/29/BKPPD.PKA in Kota Bekasi',
  },
  {
    code: 'bkpsdm',
    name: 'Badan Kepegawaian dan Pengembangan SDM',
    gloss: 'regional personnel agency',
    legalBasis: 'PP 94/2021',
  },
] as const);
export const CLARIFYING_BODIES = CLARIFYING.codes;
export type ClarifyingBody = (typeof CLARIFYING_BODIES)[number];

export const RECOMMENDING = terms([
  {
    code: 'bawaslu',
    name: 'Badan Pengawas Pemilihan Umum',
    gloss: 'election supervisory body',
    legalBasis: 'UU 7/2017 Ps 455',
  },
  {
    code: 'KASN',
    name: 'Komisi Aparatur Sipil Negara',
    gloss: 'civil service commission (until 24 Aug 2024)',
    legalBasis: 'UU 5/2014; Perpres 91–92/2024',
  },
  {
    code: 'BKN',
    name: 'Badan Kepegawaian Negara',
    gloss: 'national civil service agency (from 25 Aug 2024)',
    legalBasis: 'UU 20/2023 Ps 70(3); SE MenPANRB 4/2024',
  },
] as const);
export const RECOMMENDING_BODIES = RECOMMENDING.codes;
export type RecommendingBody = (typeof RECOMMENDING_BODIES)[number];

export const TIM_PEMERIKSA = terms([
  {
    code: 'atasan_langsung',
    name: 'atasan langsung',
    gloss: 'direct superior',
    legalBasis: 'PP 94/2021 [S]',
  },
  {
    code: 'pengawasan',
    name: 'unsur pengawasan',
    gloss: 'oversight member (Inspektorat)',
    legalBasis: 'PP 94/2021 [S]',
  },
  {
    code: 'kepegawaian',
    name: 'unsur kepegawaian',
    gloss: 'personnel member (BKPSDM)',
    legalBasis: 'PP 94/2021 [S]',
  },
  { code: 'lainnya', name: 'pejabat lain', gloss: 'another official', legalBasis: 'PP 94/2021 [S]' },
] as const);
export const TIM_PEMERIKSA_ROLES = TIM_PEMERIKSA.codes;
export type TimPemeriksaRole = (typeof TIM_PEMERIKSA_ROLES)[number];
/** Every Tim Pemeriksa has these members [S]. */
export const REQUIRED_TIM_PEMERIKSA_ROLES: readonly TimPemeriksaRole[] = [
  'atasan_langsung',
  'pengawasan',
  'kepegawaian',
];

export const DELIVERY = terms([
  {
    code: 'in_person',
    name: 'diserahkan langsung secara tertutup',
    gloss: 'handed over in person, closed',
    legalBasis: 'PP 94/2021 [C]',
  },
  {
    code: 'sent_to_last_known_address',
    name: 'dikirim ke alamat terakhir',
    gloss: 'sent to the last known address when the ASN is absent',
    legalBasis: 'PP 94/2021 [C]',
  },
] as const);
export const DELIVERY_METHODS = DELIVERY.codes;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const OBJECTION_OUTCOME = terms([
  { code: 'upheld', name: 'dikuatkan', gloss: 'upheld', legalBasis: 'PP 79/2021' },
  { code: 'lightened', name: 'diperingan', gloss: 'lightened', legalBasis: 'PP 79/2021' },
  { code: 'increased', name: 'diperberat', gloss: 'increased', legalBasis: 'PP 79/2021' },
  { code: 'changed', name: 'diubah', gloss: 'changed to another sanction', legalBasis: 'PP 79/2021' },
  { code: 'annulled', name: 'dibatalkan', gloss: 'annulled', legalBasis: 'PP 79/2021' },
] as const);
export const OBJECTION_OUTCOMES = OBJECTION_OUTCOME.codes;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

export const EMPLOYEE = terms([
  { code: 'PNS', name: 'Pegawai Negeri Sipil', gloss: 'civil servant', legalBasis: 'UU 20/2023; PP 94/2021' },
  {
    code: 'CPNS',
    name: 'Calon PNS',
    gloss: 'civil-servant candidate',
    legalBasis: 'PP 94/2021 [I: same sanctions as PNS]',
  },
  {
    code: 'PPPK',
    name: 'Pegawai Pemerintah dengan Perjanjian Kerja',
    gloss: 'contract government employee',
    legalBasis: 'UU 20/2023; PP 49/2018 Ps 53 [S]',
  },
  {
    code: 'PPPK_PARUH_WAKTU',
    name: 'PPPK paruh waktu',
    gloss: 'part-time contract government employee (since 2025)',
    legalBasis: 'UU 20/2023; KepmenPANRB 16/2025 [S]; PPPK outcomes (PP 49/2018 Ps 53) [I]',
  },
  {
    code: 'NON_ASN',
    name: 'pegawai non-ASN',
    gloss: 'non-civil-service staff (not subject to PP 94/2021)',
    legalBasis: 'UU 7/2017 Ps 455 [S]: forwarded to the employer',
  },
  {
    code: 'BUMD',
    name: 'pegawai BUMD',
    gloss: 'regional state-owned enterprise employee (not subject to PP 94/2021)',
    legalBasis: 'UU 7/2017 Ps 455 [S]: forwarded to the employer',
  },
] as const);

export const REPORT_SOURCE = terms([
  {
    code: 'bawaslu_finding',
    name: 'temuan Bawaslu',
    gloss: 'Bawaslu finding',
    legalBasis: 'UU 7/2017 Ps 454',
  },
  {
    code: 'bawaslu_recommendation',
    name: 'rekomendasi Bawaslu',
    gloss: 'Bawaslu recommendation',
    legalBasis: 'UU 7/2017 Ps 455',
  },
  {
    code: 'public_report',
    name: 'laporan masyarakat',
    gloss: 'public report (not anonymous)',
    legalBasis: 'UU 7/2017 Ps 454(4)',
  },
  {
    code: 'supervisory_body',
    name: 'rekomendasi KASN/BKN',
    gloss: 'supervisory-body recommendation',
    legalBasis: 'UU 20/2023 Ps 70(3)',
  },
  {
    code: 'internal',
    name: 'temuan internal',
    gloss: 'internal finding (superior, Inspektorat)',
    legalBasis: 'PP 94/2021 Ps 26',
  },
] as const);

/** The stages, in lifecycle order (domain.md "Lifecycle"); `STAGES` in state.ts is this list's codes. */
export const STAGE = terms([
  { code: 'none', name: 'belum diregistrasi', gloss: 'nothing registered yet', legalBasis: '' },
  { code: 'intake', name: 'registrasi', gloss: 'registered, waiting for a case officer', legalBasis: '' },
  {
    code: 'clarification',
    name: 'klarifikasi',
    gloss: 'clarification by Inspektorat/BKPSDM',
    legalBasis: 'PP 94/2021',
  },
  {
    code: 'follow_up',
    name: 'tindak lanjut PPK',
    gloss: 'the PPK follows up (examination or Majelis Kode Etik)',
    legalBasis: 'Perpres 116/2022; PerBKN 1/2023',
  },
  { code: 'examination', name: 'pemeriksaan', gloss: 'disciplinary hearing', legalBasis: 'PP 94/2021' },
  {
    code: 'ethics_hearing',
    name: 'sidang Majelis Kode Etik',
    gloss: 'ethics council hearing',
    legalBasis: 'PP 42/2004',
  },
  { code: 'decision', name: 'penjatuhan hukuman', gloss: 'the PPK decides', legalBasis: 'PP 94/2021' },
  {
    code: 'delivery',
    name: 'penyampaian keputusan',
    gloss: 'the decree is delivered (14 working days)',
    legalBasis: 'PP 94/2021 [C]',
  },
  {
    code: 'objection_window',
    name: 'tenggang keberatan/banding',
    gloss: 'the ASN may file keberatan or banding',
    legalBasis: 'PP 79/2021',
  },
  {
    code: 'objection',
    name: 'keberatan/banding',
    gloss: 'objection or appeal pending',
    legalBasis: 'PP 79/2021',
  },
  {
    code: 'in_force',
    name: 'hukuman berlaku',
    gloss: 'a time-bound sanction is being served',
    legalBasis: 'PerBKN 6/2022 Ps 50(1) [S]',
  },
  { code: 'closed', name: 'ditutup', gloss: 'closed', legalBasis: '' },
] as const);

export const CLOSING = terms([
  { code: 'not_proven', name: 'tidak terbukti', gloss: 'not proven', legalBasis: '' },
  {
    code: 'moral_sanction',
    name: 'sanksi moral',
    gloss: 'moral sanction delivered',
    legalBasis: 'PP 42/2004 Ps 15',
  },
  {
    code: 'sanction_served',
    name: 'hukuman selesai dijalani',
    gloss: 'disciplinary sanction served',
    legalBasis: 'PP 94/2021 Ps 8',
  },
  {
    code: 'dismissed_from_service',
    name: 'diberhentikan',
    gloss: 'dismissed from service',
    legalBasis: 'PP 94/2021 Ps 8(4); UU 20/2023 Ps 52',
  },
  {
    code: 'sanction_annulled',
    name: 'hukuman dibatalkan',
    gloss: 'annulled on objection',
    legalBasis: 'PP 79/2021',
  },
  { code: 'withdrawn', name: 'ditarik', gloss: 'withdrawn before a decision', legalBasis: '' },
  {
    code: 'forwarded',
    name: 'diteruskan kepada pemberi kerja',
    gloss: 'forwarded to the employer (non-ASN / BUMD employee)',
    legalBasis: 'UU 7/2017 Ps 455 [S]',
  },
] as const);

// ---------------------------------------------------------------------------------------------------------
// Other routes beside the PP 94/2021 procedure (domain.md "Who else can be reported, and where the case goes")

/** Employee types not subject to PP 94/2021: their cases are forwarded to the employer (UU 7/2017 Ps 455 [S]). */
export const FORWARDED_EMPLOYEE_TYPES = ['NON_ASN', 'BUMD'] as const;

export const CRIMINAL_REFERRAL_OUTCOME = terms([
  {
    code: 'not_pursued',
    name: 'tidak ditindaklanjuti',
    gloss: 'not pursued by Sentra Gakkumdu (no election crime)',
    legalBasis: 'UU 7/2017 Ps 486 [S]',
  },
  {
    code: 'stopped',
    name: 'penyidikan/penuntutan dihentikan',
    gloss: 'investigation or prosecution stopped',
    legalBasis: 'UU 7/2017 Ps 486 [S]',
  },
  {
    code: 'convicted',
    name: 'terbukti, putusan pengadilan',
    gloss: 'convicted by the court',
    legalBasis: 'UU 7/2017 Ps 494 [S]; UU 10/2016 Ps 188 [S]',
  },
  {
    code: 'acquitted',
    name: 'diputus bebas / lepas',
    gloss: 'acquitted or released by the court',
    legalBasis: 'KUHAP Ps 191 [S]',
  },
] as const);
export const CRIMINAL_REFERRAL_OUTCOMES = CRIMINAL_REFERRAL_OUTCOME.codes;

/**
 * The deadline whose escalation shows the direct superior did not summon in time: it offers a linked case
 * against that superior (PP 94/2021 Ps 28 [S]).
 */
export const SUPERIOR_LIABILITY_DEADLINE = 'first_summons';

/** PNS golongan/ruang, lowest first (PP 99/2000 [S]): the rank a Tim Pemeriksa member is compared by. */
export const PNS_GRADES = ['I', 'II', 'III', 'IV'].flatMap((g) =>
  (g === 'IV' ? ['a', 'b', 'c', 'd', 'e'] : ['a', 'b', 'c', 'd']).map((r) => `${g}/${r}`),
);
/** PPPK golongan I–XVII, lowest first (Perpres 98/2020 [S]). */
export const PPPK_GRADES = [
  'I',
  'II',
  'III',
  'IV',
  'V',
  'VI',
  'VII',
  'VIII',
  'IX',
  'X',
  'XI',
  'XII',
  'XIII',
  'XIV',
  'XV',
  'XVI',
  'XVII',
].map((g) => `PPPK-${g}`);
export const GRADES: readonly string[] = [...PNS_GRADES, ...PPPK_GRADES];

/**
 * Whether grade `a` is below grade `b`; null when they are on different scales (PNS golongan vs PPPK
 * golongan have no official equivalence [I], so no comparison is made).
 */
export function gradeBelow(a: string, b: string): boolean | null {
  for (const scale of [PNS_GRADES, PPPK_GRADES]) {
    if (scale.includes(a) && scale.includes(b)) return scale.indexOf(a) < scale.indexOf(b);
  }
  return null;
}
export type CriminalReferralOutcome = (typeof CRIMINAL_REFERRAL_OUTCOMES)[number];
