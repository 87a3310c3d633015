/**
 * Indonesian one-line summaries of the commands (the action panel's line under each command). The API
 * describes each command in English (the domain's command descriptors, shown as they are in English); in
 * Bahasa Indonesia the panel shows these, keyed by command type. apps/api/src/audit/export/console-summaries.spec.ts
 * checks that every command of commands.json has one.
 */
export const SUMMARIES_ID: Record<string, string> = {
  RegisterReport: 'Daftarkan laporan atau temuan (registrasi laporan/temuan)',
  AssignOfficer: 'Tunjuk atau ganti petugas kasus',
  StartClarification: 'Mulai klarifikasi oleh Inspektorat atau BKPSDM',
  RecordClarificationResult:
    'Catat hasil klarifikasi (LHP): tidak terbukti, atau dilanjutkan dengan perkiraan tingkat hukuman',
  RecordRecommendation: 'Catat surat rekomendasi Bawaslu atau lembaga pengawas (KASN/BKN)',
  RecordPpkFollowUp: 'Catat tindak lanjut PPK: pemeriksaan, Majelis Kode Etik, atau tidak terbukti',
  FormTimPemeriksa: 'Catat keputusan pembentukan Tim Pemeriksa',
  IssueSummons: 'Catat surat panggilan I atau II beserta bukti penyampaiannya',
  RecordAttendance: 'Catat apakah ASN hadir pada pemeriksaan',
  RecordBap: 'Catat Berita Acara Pemeriksaan (BAP), termasuk bila ASN menolak menandatangani',
  ConveneMajelisKodeEtik: 'Catat keputusan pembentukan Majelis Kode Etik dan tanggal sidangnya',
  RecordMajelisRecommendation: 'Catat rekomendasi Majelis Kode Etik',
  ApproveSanctionDeparture: 'Setujui, dengan justifikasi tertulis, hukuman yang tidak tercantum di katalog',
  DecideSanction: 'Jatuhkan hukuman (keputusan hukuman disiplin / sanksi moral)',
  RecordDelivery: 'Catat penyampaian keputusan kepada ASN',
  FileObjection: 'Catat keberatan atau banding administratif yang diajukan ASN',
  RecordLateObjection: 'Catat bahwa keberatan/banding yang terlambat ditolak',
  RecordAppealAnswer: 'Catat jawaban PPK kepada BPASN atas banding',
  RecordObjectionOutcome:
    'Catat putusan keberatan/banding: dikuatkan, diringankan, diperberat, diubah atau dibatalkan',
  CloseCase: 'Tutup kasus sebagai tidak terbukti setelah tindak lanjut atau pemeriksaan',
  WithdrawCase: 'Tarik kembali kasus sebelum ada keputusan, dengan alasan',
  ReopenCase: 'Buka kembali kasus yang ditutup, dengan alasan',
  MigrateDeadlinePolicy:
    'Pindahkan kasus terbuka ke versi kebijakan tenggat yang diterbitkan dan hitung ulang tenggatnya, dengan alasan',
  LinkSuperiorCase:
    'Tautkan kasus terhadap atasan langsung setelah tenggat surat panggilan I dieskalasi (PP 94/2021 Ps 28)',
  ForwardToEmployer:
    'Teruskan kasus pegawai non-ASN atau BUMD kepada pemberi kerja dan tutup sebagai diteruskan (UU 7/2017 Ps 455)',
  RecordCriminalReferral:
    'Catat penerusan ke Sentra Gakkumdu (dugaan tindak pidana pemilihan); penanganan disiplin tetap berjalan',
  RecordCriminalReferralOutcome:
    'Catat hasil penanganan Sentra Gakkumdu (juga pada kasus yang sudah ditutup)',
  LettersController_draft: 'Konsep (KONSEP) surat sebelum perintahnya diberikan',
  LettersController_issue: 'Terbitkan surat: dibuat dari fakta yang tercatat dan dilampirkan pada kasus',
};

/** A command's one-line summary in the panel's language: Indonesian from SUMMARIES_ID, else the API's. */
export function summaryOf(lang: 'id' | 'en', commandType: string, english: string): string {
  return lang === 'en' ? english : (SUMMARIES_ID[commandType] ?? english);
}
