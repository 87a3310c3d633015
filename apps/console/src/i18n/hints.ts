/**
 * Indonesian texts of the form hints. The API's OpenAPI descriptions are in English and are shown as they
 * are in English; in Bahasa Indonesia the form shows these, keyed by schema field, or by `Command.field`
 * where one field name means different things in different commands. A field missing here falls back to
 * the English description (apps/api/src/audit/export/console-hints.spec.ts checks every field of commands.json that has one).
 */
export const HINTS_ID: Record<string, string> = {
  'StartClarification.occurredOn':
    'Tanggal klarifikasi dimulai (HH/BB/TTTT): tidak sebelum laporan diterima, tidak di masa depan; bila dikosongkan, tanggal pencatatan dipakai dan peristiwa menandainya (occurredOnDefaulted)',
  'RecordClarificationResult.occurredOn':
    'Tanggal laporan hasil klarifikasi (LHP) (HH/BB/TTTT): pada atau sesudah klarifikasi dimulai; bila dikosongkan, tanggal pencatatan dipakai dan peristiwa menandainya (occurredOnDefaulted)',
  'FormTimPemeriksa.grade':
    'Golongan anggota; wajib bila golongan ASN diketahui, dan tidak boleh lebih rendah (PP 94/2021; ditolak dengan TIM_MEMBER_RANK_BELOW_ASN)',
  lastKnownAddress:
    'Alamat terakhir yang diketahui; wajib bila keputusan dikirim ke alamat terakhir karena ASN tidak hadir; dicatat pada penyampaian',
  employer: 'Pemberi kerja yang menerima penerusan kasus (direksi BUMD, unit yang mempekerjakan)',
  referredOn:
    'Tanggal penerusan ke Gakkumdu (HH/BB/TTTT): tidak sebelum laporan diterima, tidak di masa depan',
  'LinkSuperiorCase.nip': 'NIP atasan langsung (18 angka)',
  offence: 'Dugaan tindak pidana pemilu sebagaimana disebut dalam penerusan',
  linkedCaseId: 'Kasus yang didaftarkan terhadap atasan langsung (RegisterReport, sumber internal)',
  reason: 'Mengapa perintah ini diberikan (mis. nomor surat); dicatat dalam kejadian sebagai alasan',
  'RecordPpkFollowUp.reason': 'Alasan tindak lanjut (juga dicatat sebagai alasan kejadian)',
  'CloseCase.reason': 'Alasan (juga dicatat sebagai alasan kejadian)',
  'WithdrawCase.reason': 'Alasan (juga dicatat sebagai alasan kejadian)',
  'ReopenCase.reason': 'Alasan (juga dicatat sebagai alasan kejadian)',
  'MigrateDeadlinePolicy.toVersion':
    'Versi kebijakan tenggat yang diterbitkan (GET /deadline-policies) yang dipakai kasus ini mulai sekarang',
  'MigrateDeadlinePolicy.reason':
    'Mengapa kasus dipindahkan ke versi itu (mis. surat edaran koreksi); dicatat pada kejadian',
  lateRecordingReason:
    'Fakta yang bertanggal lebih dari batas pencatatan mundur (kebijakan, 60 hari) sebelum hari ini hanya dicatat oleh atasan dengan alasan ini, yang dicatat pada kejadiannya',
  officerId: 'ID pengguna (subjek token) petugas kasus',
  officerName: 'Nama tampilan petugas kasus',
  by: 'Pelaksana klarifikasi: Inspektorat atau BKPSDM',
  letterReference: 'Nomor surat tugas',
  result: 'not_proven (tidak terbukti) menutup kasus; proceed (lanjut) meneruskannya ke PPK',
  likelyLevel: 'Perkiraan tingkat hukuman bila dilanjutkan',
  timPemeriksaNeeded: 'Apakah perlu Tim Pemeriksa',
  reportReference: 'Nomor laporan hasil klarifikasi (LHP)',
  summary: 'Ringkasan temuan',
  body: 'Lembaga pemberi rekomendasi: Bawaslu, atau KASN (sampai 24 Agustus 2024) / BKN (sesudahnya)',
  letterNumber: 'Nomor surat',
  'RecordPpkFollowUp.letterNumber': 'Nomor surat tindak lanjut',
  'IssueSummons.letterNumber': 'Nomor surat panggilan',
  'RecordAppealAnswer.letterNumber': 'Nomor surat jawaban',
  letterDate: 'Tanggal surat (HH/BB/TTTT)',
  receivedOn: 'Tanggal diterima (HH/BB/TTTT)',
  proven: 'Apakah lembaga menyatakan pelanggaran terbukti',
  'RecordMajelisRecommendation.proven': 'Apakah Majelis menyatakan pelanggaran terbukti',
  recommendedSanction: 'Kode hukuman yang direkomendasikan',
  'RecordMajelisRecommendation.recommendedSanction': 'Kode sanksi moral yang direkomendasikan',
  action: 'Pemeriksaan disiplin, Majelis Kode Etik, atau tidak terbukti',
  decreeNumber: 'Nomor keputusan',
  'DecideSanction.decreeNumber': 'Nomor keputusan hukuman disiplin',
  decreeDate: 'Tanggal keputusan (HH/BB/TTTT)',
  name: 'Nama anggota',
  'DecideSanction.name': 'Nama pejabat yang memutuskan',
  role: 'Peran dalam Tim Pemeriksa',
  sequence: 'Surat panggilan I atau II',
  'RecordAttendance.sequence': 'Surat panggilan yang dihadiri',
  issuedOn: 'Tanggal terbit (HH/BB/TTTT)',
  deliveredOn: 'Tanggal disampaikan (HH/BB/TTTT)',
  'IssueSummons.deliveredOn': 'Tanggal disampaikan kepada ASN (HH/BB/TTTT)',
  deliveryProofRef: 'Nomor bukti penyampaian (tanda terima)',
  hearingDate: 'Tanggal pemeriksaan (HH/BB/TTTT)',
  'IssueSummons.hearingDate':
    'Tanggal pemeriksaan, paling cepat 7 hari kerja setelah surat disampaikan (HH/BB/TTTT)',
  attended: 'Apakah ASN hadir dalam pemeriksaan',
  number: 'Nomor BAP (Berita Acara Pemeriksaan)',
  signedOn: 'Tanggal ditandatangani (HH/BB/TTTT)',
  asnSigned: 'Apakah ASN menandatangani BAP',
  refusalNote: 'Wajib bila ASN menolak menandatangani',
  minutesRef: 'Nomor berita acara / notulen',
  decidedOn: 'Tanggal diputuskan (HH/BB/TTTT)',
  sanctionCode: 'Kode hukuman dari katalog hukuman',
  moralSanctionCode:
    'Kode hukuman moral yang dijatuhkan bersama hukuman disiplin (PP 42/2004 Ps 16), bila boleh digabung',
  membershipProofRef:
    'Rujukan bukti keanggotaan partai politik (jalur PTDH karena menjadi anggota/pengurus partai politik, UU 20/2023 Ps 52(3) huruf j)',
  'ApproveSanctionDeparture.sanctionCode':
    'Kode hukuman yang tidak tercantum di katalog untuk pelanggaran ini',
  'RecordObjectionOutcome.sanctionCode': 'Kode hukuman baru (diperingan, diperberat, diubah)',
  justification: 'Pertimbangan tertulis',
  periodMonths: 'Jumlah bulan, untuk hukuman yang berjangka waktu',
  'RecordObjectionOutcome.periodMonths': 'Jumlah bulan hukuman baru, bila berjangka waktu',
  position: 'Jabatan',
  authority: 'PPK sendiri, atau pejabat yang menerima delegasi kewenangan',
  delegationRef: 'Nomor surat delegasi (wajib bila didelegasikan)',
  method: 'Diserahkan langsung, atau dikirim ke alamat terakhir yang diketahui',
  proofRef: 'Nomor bukti penyampaian',
  kind: 'Keberatan, atau banding administratif (untuk pemberhentian); bawaan: keberatan',
  filedOn: 'Tanggal diajukan (HH/BB/TTTT)',
  grounds: 'Alasan keberatan',
  reference: 'Nomor keberatan',
  answeredOn: 'Tanggal dijawab (HH/BB/TTTT)',
  outcome: 'Dikuatkan, diperingan, diperberat, diubah atau dibatalkan',
  'CloseCase.outcome': 'Mengapa kasus ditutup',
  decisionRef: 'Nomor putusan',
  'LettersController_draft.name': 'Nama lengkap dengan gelar',
  'LettersController_issue.name': 'Nama lengkap dengan gelar',
  hearingTime: 'Waktu pemeriksaan pada surat panggilan',
  hearingPlace: 'Tempat pemeriksaan pada surat panggilan',
  signatory: 'Penanda tangan surat ini, menggantikan penanda tangan bawaan instansi',
  command:
    'Isi perintah yang akan mencatat fakta surat ini (seperti pada endpoint-nya, mis. POST /cases/{id}/summons)',
};

/** The hint of a field in the form's language: Indonesian from HINTS_ID, else the API's description. */
export function hintOf(
  lang: 'id' | 'en',
  commandType: string,
  field: string,
  description: string | undefined,
): string | undefined {
  // The API documents dates as ISO; the console's date fields are typed day first (CivilDateInput).
  if (!description || lang === 'en') return description?.replace('(YYYY-MM-DD)', '(dd/mm/yyyy)');
  return HINTS_ID[`${commandType}.${field}`] ?? HINTS_ID[field] ?? description;
}
