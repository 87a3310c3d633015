// The values a letter's placeholders take, from the case state (the fact already recorded, or about to be
// for a draft), the catalogues in force (names and legal basis of the violation and the sanction), the
// agency's letter settings (letterhead, signatories) and what only the letter says (hearing time and place).
import {
  type CaseState,
  type Catalogues,
  type CivilDate,
  ELECTION,
  type ElectionKind,
  findSanction,
  findViolation,
  formatTanggal,
  localDateOf,
} from '@netral/domain';
import { type LetterTemplate, type SignatoryRole } from './templates';
import { namaHari, tanggalTerbilang } from './terbilang';

export interface Signatory {
  name: string;
  nip: string;
  position: string;
}

export interface Letterhead {
  /** Centered lines, largest first: "PEMERINTAH KOTA BEKASI", "INSPEKTORAT DAERAH". */
  lines: string[];
  /** Address and contact line under the letterhead. */
  address: string;
  /** Where letters are signed ("Bekasi"). */
  city: string;
}

/** An agency's letter settings (PUT /agencies/{agency}/letter-settings). */
export interface LetterSettings {
  letterhead: Letterhead;
  signatories: Partial<Record<SignatoryRole, Signatory>>;
  /** An agency's own block lists, by template id (checked with parseBlocks when stored). */
  templates: Record<string, LetterTemplate['blocks']>;
}

/** What a letter says that the case does not record. */
export interface LetterExtras {
  /** Hearing time and place of a summons: "09.00 WIB", "Ruang Rapat Inspektorat". */
  hearingTime?: string;
  hearingPlace?: string;
  /** Overrides the agency's signatory for this letter. */
  signatory?: Signatory;
  /** The clarification's summary (in its event, not in the state), for the LHP. */
  clarificationSummary?: string;
}

export type LetterValues = Record<string, string>;

/** Letter settings for an agency that has stored none: its name from the case, a plain letterhead. */
export function defaultLetterSettings(state: CaseState): LetterSettings {
  const government = (state.reportedAsn?.agency ?? state.agency ?? 'Pemerintah Daerah').toUpperCase();
  const city = (state.reportedAsn?.agency ?? '').replace(/^Pemerintah\s+(Kota|Kabupaten)\s+/i, '') || '-';
  return {
    letterhead: { lines: [government], address: '', city },
    signatories: {},
    templates: {},
  };
}

/** The election's Indonesian name (Pemilihan Umum, Pemilihan Kepala Daerah), from the domain's vocabulary. */
function electionName(kind: ElectionKind): string {
  return ELECTION.terms.find((t) => t.code === kind)?.name ?? kind;
}

function upper(text: string): string {
  return text.toLocaleUpperCase('id-ID');
}

/** The letter number: the number the fact was recorded with. */
export function letterNumber(template: LetterTemplate, state: CaseState): string | null {
  switch (template.fact.kind) {
    case 'lhp':
      return state.clarification?.reportReference ?? null;
    case 'surat_panggilan':
      return (
        state.examination.summonses.find((s) => s.sequence === template.fact.sequence)?.letterNumber ?? null
      );
    case 'bap':
      return state.examination.bap?.number ?? null;
    case 'keputusan_hukuman':
      return state.decision?.decreeNumber ?? null;
    default:
      return null;
  }
}

/** The date the letter carries (its issue, signing or decree date). */
export function letterDate(template: LetterTemplate, state: CaseState): CivilDate | null {
  switch (template.fact.kind) {
    case 'lhp':
      return state.clarification?.concludedAt
        ? localDateOf(state.clarification.concludedAt, state.timeZone)
        : null;
    case 'surat_panggilan':
      return state.examination.summonses.find((s) => s.sequence === template.fact.sequence)?.issuedOn ?? null;
    case 'bap':
      return state.examination.bap?.signedOn ?? null;
    case 'keputusan_hukuman':
      return state.decision?.decreeDate ?? null;
    default:
      return null;
  }
}

export function letterValues(input: {
  template: LetterTemplate;
  state: CaseState;
  catalogues: Catalogues;
  settings: LetterSettings;
  extras?: LetterExtras;
}): LetterValues {
  const { template, state, catalogues, settings } = input;
  const extras = input.extras ?? {};
  const asn = state.reportedAsn;
  const violation = state.violationType ? findViolation(catalogues, state.violationType) : undefined;
  const decision = state.decision;
  const sanction = decision ? findSanction(catalogues, decision.sanctionCode) : undefined;
  const summons = state.examination.summonses.find((s) => s.sequence === template.fact.sequence);
  const firstSummons = state.examination.summonses.find((s) => s.sequence === 1);
  const bap = state.examination.bap;
  const tim = state.examination.timPemeriksa;
  const signatory =
    extras.signatory ??
    settings.signatories[template.signatory] ??
    (template.signatory === 'ppk' && decision
      ? { name: decision.decidingOfficial.name, nip: '-', position: decision.decidingOfficial.position }
      : { name: '....................', nip: '....................', position: '....................' });
  const date = letterDate(template, state);
  const clarification = state.clarification;
  const values: LetterValues = {
    nomor: letterNumber(template, state) ?? '....................',
    tanggalSurat: date ? formatTanggal(date) : '....................',
    kota: settings.letterhead.city,
    'asn.nama': asn?.name ?? '-',
    'asn.nip': asn?.nip ?? '-',
    'asn.jabatan': asn?.position ?? '-',
    'asn.unit': asn?.unit ?? '-',
    'asn.instansi': asn?.agency ?? '-',
    'kasus.nomor': state.caseId ?? '-',
    'kasus.perbuatan': state.conduct ?? '-',
    pemilihan: state.election
      ? `${electionName(state.election.kind)} Tahun ${state.election.year}`
      : 'pemilihan',
    'laporan.nomor': state.source?.reference ?? state.caseId ?? '-',
    'laporan.tanggal': state.source ? formatTanggal(state.source.receivedOn) : '-',
    'klarifikasi.surat': clarification?.letterReference ?? '-',
    'pelanggaran.nama': violation?.name ?? state.violationType ?? '-',
    'pelanggaran.dasarHukum': violation?.legalBasis ?? 'PP 94/2021 Ps 5 huruf n',
    'penandatangan.nama': signatory.name,
    'penandatangan.nip': signatory.nip,
    'penandatangan.jabatan': signatory.position,
    pemeriksa: tim
      ? `Tim Pemeriksa yang dibentuk dengan Keputusan nomor ${tim.decreeNumber} tanggal ${formatTanggal(tim.decreeDate)}`
      : signatory.position,
    'pemeriksaan.hari': summons ? namaHari(summons.hearingDate) : '-',
    'pemeriksaan.tanggal': summons ? formatTanggal(summons.hearingDate) : '-',
    'pemeriksaan.jam': extras.hearingTime ?? '09.00 WIB',
    'pemeriksaan.tempat':
      extras.hearingPlace ??
      `Kantor ${settings.letterhead.lines[settings.letterhead.lines.length - 1] ?? ''}`.trim(),
    'panggilanPertama.nomor': firstSummons?.letterNumber ?? '-',
    'panggilanPertama.tanggalPemeriksaan': firstSummons ? formatTanggal(firstSummons.hearingDate) : '-',
    'bap.hari': bap ? namaHari(bap.signedOn) : '-',
    'bap.tanggalTerbilang': bap ? tanggalTerbilang(bap.signedOn) : '-',
    'bap.catatanPenolakan':
      bap && !bap.asnSigned
        ? `Yang diperiksa menolak menandatangani berita acara ini dengan alasan: ${bap.refusalNote ?? '-'}.`
        : '',
    'lhp.uraian': extras.clarificationSummary ?? '-',
    'lhp.kesimpulan': clarificationConclusion(state),
    dasarPemeriksaan: bap
      ? `Berita Acara Pemeriksaan nomor ${bap.number} tanggal ${formatTanggal(bap.signedOn)}`
      : 'alat bukti dan keterangan yang ada, karena yang bersangkutan tidak memenuhi panggilan kedua',
    'pejabat.jabatan': decision?.decidingOfficial.position ?? signatory.position,
    'pejabat.jabatanKapital': upper(decision?.decidingOfficial.position ?? signatory.position),
    'hukuman.nama': sanction?.name ?? decision?.sanctionCode ?? '-',
    'hukuman.namaKapital': upper(sanction?.name ?? decision?.sanctionCode ?? '-'),
    'hukuman.tingkat': sanction?.level ?? '-',
    'hukuman.tingkatKapital': upper(sanction?.level ?? '-'),
    'hukuman.masa': decision?.periodMonths
      ? ` selama ${decision.periodMonths} (${terbilangBulan(decision.periodMonths)}) bulan`
      : '',
    'hukuman.dasarHukum': sanction?.legalBasis ?? 'PP 94/2021 Ps 8',
    'keputusan.berlaku':
      'Keputusan ini mulai berlaku pada hari ke-15 (lima belas) hari kerja terhitung sejak tanggal keputusan ini diterima oleh yang bersangkutan, apabila tidak diajukan upaya administratif.',
    'keputusan.upaya': sanction?.dismissal
      ? 'Apabila yang bersangkutan keberatan atas keputusan ini, dapat mengajukan banding administratif kepada Badan Pertimbangan Aparatur Sipil Negara dalam jangka waktu 14 (empat belas) hari kerja terhitung sejak tanggal keputusan ini diterima.'
      : 'Apabila yang bersangkutan keberatan atas keputusan ini, dapat mengajukan keberatan secara tertulis kepada atasan Pejabat yang Berwenang Menghukum dalam jangka waktu 14 (empat belas) hari kerja terhitung sejak tanggal keputusan ini diterima.',
  };
  return values;
}

function terbilangBulan(months: number): string {
  return { 6: 'enam', 9: 'sembilan', 12: 'dua belas' }[months] ?? String(months);
}

function clarificationConclusion(state: CaseState): string {
  const c = state.clarification;
  if (!c || !c.result) return '-';
  if (c.result === 'not_proven') {
    return 'Dugaan pelanggaran tidak terbukti; direkomendasikan agar laporan tidak ditindaklanjuti dengan pemeriksaan.';
  }
  const level = c.likelyLevel ? ` dengan perkiraan tingkat hukuman disiplin ${c.likelyLevel}` : '';
  const tim = c.timPemeriksaNeeded ? ', dan direkomendasikan pembentukan Tim Pemeriksa' : '';
  return `Terdapat cukup bukti adanya dugaan pelanggaran${level}; direkomendasikan agar Pejabat Pembina Kepegawaian menindaklanjuti dengan pemeriksaan${tim}.`;
}

/** Replaces `{name}` placeholders; an unknown name stays visible as `{name}` so a template error shows. */
export function fill(text: string, values: LetterValues): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9.]*)\}/g, (whole, name: string) => values[name] ?? whole);
}
