// Every refusal by the domain is a DomainError: a stable machine-readable `code` (the API maps it to 409/422,
// the workflow's update validator rethrows it), an English `message` and an Indonesian `messageId` that uses
// the legal term an officer knows. It is a plain Error subclass with `toJSON`, so it crosses Temporal's
// failure converter and HTTP responses without losing its code.

export const DOMAIN_ERROR_MESSAGES = {
  // Command shape and access
  INVALID_COMMAND: { en: 'The command is malformed', id: 'Perintah tidak valid' },
  UNKNOWN_COMMAND: { en: 'Unknown command type', id: 'Jenis perintah tidak dikenal' },
  ROLE_NOT_ALLOWED: { en: 'Your role may not issue this command', id: 'Peran Anda tidak berwenang' },
  WRONG_AGENCY: { en: 'The case belongs to another agency', id: 'Kasus milik instansi lain' },
  NOT_ASSIGNED_OFFICER: {
    en: 'Only the assigned case officer or a supervisor may act on this case',
    id: 'Hanya petugas yang ditunjuk atau atasan yang dapat menangani kasus ini',
  },
  INVALID_DATE: { en: 'A date is invalid', id: 'Tanggal tidak valid' },
  FACT_BEFORE_DEPENDENCY: {
    en: 'A fact cannot be dated before the fact it depends on',
    id: 'Tanggal peristiwa tidak boleh mendahului tanggal peristiwa yang menjadi dasarnya',
  },
  FACT_OUTSIDE_HORIZON: {
    en: 'A fact dated this long before it is recorded needs a reason, recorded by a supervisor',
    id: 'Peristiwa yang dicatat selama itu setelah terjadinya memerlukan alasan yang dicatat oleh atasan',
  },
  FUTURE_DATE: {
    en: 'A recorded fact cannot be dated in the future',
    id: 'Tanggal tidak boleh di masa depan',
  },
  // Lifecycle
  CASE_ALREADY_REGISTERED: { en: 'The case is already registered', id: 'Laporan sudah diregistrasi' },
  CASE_NOT_REGISTERED: { en: 'The case is not registered', id: 'Laporan belum diregistrasi' },
  CASE_CLOSED: { en: 'The case is closed; only reopening is possible', id: 'Kasus sudah ditutup' },
  CASE_NOT_CLOSED: {
    en: 'Only a closed case can be reopened',
    id: 'Hanya kasus yang ditutup dapat dibuka kembali',
  },
  WRONG_STAGE: {
    en: 'The command is not possible at this stage',
    id: 'Tidak dapat dilakukan pada tahap ini',
  },
  CANNOT_WITHDRAW_AFTER_DECISION: {
    en: 'A decided sanction cannot be withdrawn; it can only be changed through keberatan/banding',
    id: 'Keputusan hukuman disiplin tidak dapat dicabut melalui penarikan kasus',
  },
  // Catalogues
  UNKNOWN_VIOLATION_TYPE: { en: 'Unknown violation type', id: 'Jenis pelanggaran tidak dikenal' },
  UNKNOWN_SANCTION: { en: 'Unknown sanction', id: 'Jenis hukuman tidak dikenal' },
  WRONG_SUPERVISORY_BODY: {
    en: 'That body was not the supervisory body on the letter date',
    id: 'Lembaga tersebut bukan lembaga pengawas pada tanggal surat',
  },
  // Examination
  SUMMONS_OUT_OF_ORDER: { en: 'Summons issued out of order', id: 'Urutan surat panggilan tidak sesuai' },
  SUMMONS_NOTICE_TOO_SHORT: {
    en: 'The summons must reach the ASN at least the required working days before the hearing',
    id: 'Surat panggilan harus disampaikan paling lambat 7 hari kerja sebelum pemeriksaan',
  },
  ATTENDANCE_OUT_OF_ORDER: {
    en: 'Attendance can only be recorded for the latest summons',
    id: 'Kehadiran hanya untuk panggilan terakhir',
  },
  BAP_REQUIRES_ATTENDANCE: {
    en: 'A BAP can only be recorded after the ASN attended a hearing',
    id: 'Berita Acara Pemeriksaan (BAP) hanya setelah PNS hadir',
  },
  REFUSAL_NOTE_REQUIRED: {
    en: 'A refusal to sign the BAP must be noted',
    id: 'Penolakan menandatangani BAP wajib dicatat',
  },
  TIM_PEMERIKSA_ALREADY_FORMED: {
    en: 'A Tim Pemeriksa is already formed',
    id: 'Tim Pemeriksa sudah dibentuk',
  },
  // Decision
  DECISION_WITHOUT_EXAMINATION: {
    en: 'No decision without an examination unless the ASN failed to attend twice',
    id: 'Keputusan tanpa pemeriksaan hanya jika PNS dua kali tidak hadir',
  },
  TIM_PEMERIKSA_REQUIRED: {
    en: 'A Tim Pemeriksa is required for a berat sanction',
    id: 'Hukuman disiplin berat wajib melalui Tim Pemeriksa',
  },
  SANCTION_NOT_ALLOWED_FOR_VIOLATION: {
    en: 'The catalogue in force does not allow this sanction for this violation; a departure needs a supervisor-approved justification',
    id: 'Jenis hukuman tidak sesuai katalog pelanggaran; penyimpangan memerlukan persetujuan atasan dengan alasan tertulis',
  },
  SANCTION_TRACK_MISMATCH: {
    en: 'Moral sanctions come from the Majelis Kode Etik track, disciplinary sanctions from the examination track',
    id: 'Sanksi moral melalui Majelis Kode Etik, hukuman disiplin melalui pemeriksaan',
  },
  INVALID_SANCTION_PERIOD: { en: 'Invalid period for this sanction', id: 'Jangka waktu hukuman tidak valid' },
  SANCTION_NOT_APPLICABLE_TO_EMPLOYEE_TYPE: {
    en: 'This sanction does not apply to the employee type',
    id: 'Hukuman tidak berlaku untuk jenis pegawai ini',
  },
  DECIDING_OFFICIAL_NOT_AUTHORISED: {
    en: 'The deciding official has no authority for this sanction',
    id: 'Pejabat tidak berwenang menjatuhkan hukuman ini',
  },
  // Sanction variants, combinations and tracks (issue #12 item 4, domain.md Sanction catalogue)
  SANCTION_NOT_FOR_PAY_SCHEME: {
    en: "This sedang variant does not fit the agency's pay scheme (tunjangan kinerja, TPP, or the PP 53/2010 transitional set)",
    id: 'Varian hukuman disiplin sedang ini tidak sesuai skema penghasilan instansi (tunjangan kinerja, TPP, atau hukuman peralihan PP 53/2010)',
  },
  MORAL_SANCTION_COMBINATION_NOT_ALLOWED: {
    en: 'Only one moral sanction may be imposed beside one disciplinary sanction',
    id: 'Hanya satu sanksi moral yang dapat dijatuhkan di samping satu hukuman disiplin',
  },
  PARTY_MEMBERSHIP_TRACK_NOT_APPLICABLE: {
    en: 'The party-membership dismissal track is only for a violation that carries PTDH',
    id: 'Jalur pemberhentian tidak dengan hormat karena keanggotaan partai politik hanya untuk pelanggaran yang diancam PTDH',
  },
  UNKNOWN_VIOLATION_READING: {
    en: 'Unknown reading of the violation catalogue',
    id: 'Tafsir katalog pelanggaran tidak dikenal',
  },
  // Objection / appeal
  WRONG_OBJECTION_ROUTE: {
    en: 'Dismissal is appealed to BPASN (banding administratif); other sanctions by keberatan',
    id: 'Pemberhentian melalui banding administratif ke BPASN; hukuman lain melalui keberatan',
  },
  LATE_OBJECTION: {
    en: 'The objection was filed after the statutory window',
    id: 'Keberatan/banding diajukan melewati tenggang waktu',
  },
  OBJECTION_NOT_LATE: {
    en: 'The objection was filed in time; it cannot be rejected as late',
    id: 'Keberatan diajukan tepat waktu',
  },
  OBJECTION_NOT_AVAILABLE: {
    en: 'No keberatan or banding is available for this decision',
    id: 'Tidak tersedia upaya keberatan/banding',
  },
  INVALID_OBJECTION_OUTCOME: {
    en: 'The outcome is inconsistent',
    id: 'Putusan keberatan/banding tidak konsisten',
  },
  // Deadlines and time
  OBJECTION_WINDOW_OPEN: {
    en: 'The objection window has not ended yet',
    id: 'Tenggang waktu keberatan belum berakhir',
  },
  SANCTION_PERIOD_NOT_ENDED: { en: 'The sanction period has not ended', id: 'Masa hukuman belum berakhir' },
  DEADLINE_NOT_OPEN: { en: 'No such deadline is open', id: 'Tenggat tersebut tidak sedang berjalan' },
  DEADLINE_ALREADY_RECORDED: {
    en: 'The deadline was already computed and recorded',
    id: 'Tenggat sudah dihitung dan dicatat',
  },
  DEADLINE_ALREADY_UNTRACKED: {
    en: 'The deadline is already recorded as not tracked, for that reason',
    id: 'Tenggat sudah dicatat sebagai tidak terpantau, dengan alasan yang sama',
  },
  UNKNOWN_POLICY_VERSION: {
    en: 'No deadline policy with that version has been published',
    id: 'Tidak ada kebijakan tenggat dengan versi tersebut yang diterbitkan',
  },
  DEADLINE_POLICY_UNCHANGED: {
    en: 'The case already runs that deadline policy version',
    id: 'Kasus sudah memakai versi kebijakan tenggat tersebut',
  },
  INVALID_DEADLINE_POLICY: {
    en: 'The deadline policy is invalid: every rule needs its length, legal basis and confidence',
    id: 'Kebijakan tenggat tidak valid: setiap aturan memerlukan panjang waktu, dasar hukum dan tingkat keyakinan',
  },
  POLICY_VERSION_TAKEN: {
    en: 'That deadline policy version is already published with other content',
    id: 'Versi kebijakan tenggat tersebut sudah diterbitkan dengan isi yang berbeda',
  },
  DEADLINE_NOT_RECORDED: { en: 'The deadline has not been recorded yet', id: 'Tenggat belum dicatat' },
  CALENDAR_NOT_COVERED: {
    en: 'The working-day calendar does not cover that date',
    id: 'Kalender hari kerja tidak mencakup tanggal tersebut',
  },
  // Other routes: non-ASN/BUMD forwarded to the employer, the Gakkumdu criminal referral
  NOT_SUBJECT_TO_PP94: {
    en: 'Non-ASN and BUMD employees are not subject to PP 94/2021: the case is forwarded to the employer',
    id: 'Pegawai non-ASN dan pegawai BUMD tidak tunduk pada PP 94/2021: kasus diteruskan kepada pemberi kerja',
  },
  SUBJECT_TO_PP94: {
    en: 'An ASN is examined under PP 94/2021; only non-ASN and BUMD cases are forwarded to the employer',
    id: 'ASN diperiksa menurut PP 94/2021; hanya kasus pegawai non-ASN dan BUMD yang diteruskan kepada pemberi kerja',
  },
  CRIMINAL_REFERRAL_NOT_FOUND: {
    en: 'The case has no Gakkumdu referral with that reference',
    id: 'Tidak ada penerusan ke Sentra Gakkumdu dengan nomor tersebut',
  },
  SUPERIOR_CASE_NOT_OFFERED: {
    en: 'A case against the direct superior is offered only after the first-summons deadline escalated, once',
    id: 'Kasus terhadap atasan langsung hanya dapat dibuka setelah tenggat panggilan pertama dieskalasi, satu kali',
  },
  TIM_MEMBER_RANK_BELOW_ASN: {
    en: 'A Tim Pemeriksa member may not rank below the examined ASN',
    id: 'Pangkat anggota Tim Pemeriksa tidak boleh lebih rendah dari ASN yang diperiksa',
  },
  CRIMINAL_REFERRAL_CONCLUDED: {
    en: 'The outcome of that Gakkumdu referral is already recorded',
    id: 'Hasil penerusan ke Sentra Gakkumdu tersebut sudah dicatat',
  },
  // Documents
  UNKNOWN_FACT: {
    en: 'The case has no such fact to attach a document to',
    id: 'Fakta yang dibuktikan dokumen tidak ada dalam kasus ini',
  },
  INVALID_DATA: {
    en: 'Invalid catalogue, policy or calendar data',
    id: 'Data katalog/kebijakan tidak valid',
  },
} as const satisfies Record<string, { en: string; id: string }>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_MESSAGES;

/** JSON form of a DomainError, as carried in Temporal failure details and HTTP problem responses. */
export interface DomainErrorJson {
  name: 'DomainError';
  code: DomainErrorCode;
  message: string;
  messageId: string;
  details: Record<string, unknown>;
}

export class DomainError extends Error {
  override readonly name = 'DomainError' as const;
  readonly code: DomainErrorCode;
  readonly messageId: string;
  readonly details: Record<string, unknown>;

  /**
   * `detail` adds English specifics to the English message; `detailId` adds Indonesian ones to the Indonesian
   * message, which otherwise stays the code's Indonesian text alone, or names `details.field` (never a mix
   * of both languages; errors.spec.ts checks every code).
   */
  constructor(
    code: DomainErrorCode,
    detail?: string,
    details: Record<string, unknown> = {},
    detailId?: string,
  ) {
    const base = DOMAIN_ERROR_MESSAGES[code];
    super(detail ? `${base.en}: ${detail}` : base.en);
    this.code = code;
    this.messageId = detailId
      ? `${base.id}: ${detailId}`
      : typeof details.field === 'string'
        ? `${base.id}: kolom ${details.field}` // the field an officer must correct, named in both languages
        : base.id;
    this.details = details;
    // Keeps `instanceof` working when compiled to ES5-style classes by some bundlers.
    Object.setPrototypeOf(this, DomainError.prototype);
  }

  toJSON(): DomainErrorJson {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      messageId: this.messageId,
      details: this.details,
    };
  }

  static fromJSON(json: DomainErrorJson): DomainError {
    const error = new DomainError(json.code, undefined, json.details);
    error.message = json.message;
    (error as { messageId: string }).messageId = json.messageId;
    return error;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

export function domainError(
  code: DomainErrorCode,
  detail?: string,
  details?: Record<string, unknown>,
): never {
  throw new DomainError(code, detail, details);
}
