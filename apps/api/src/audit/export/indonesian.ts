/**
 * Words and dates of the printed case file in Bahasa Indonesia: stage and event names as officers use
 * them, and dates as Indonesian letters write them ("6 Januari 2025 pukul 09.00 WIB"), in the agency's
 * own time zone.
 */
import type { CaseEventType, Stage } from '@netral/domain';
import { formatTanggal, INDONESIAN_TIME_ZONES, isCivilDate, NAMA_BULAN } from '@netral/domain';

export const STAGE_NAMES: Record<Stage, string> = {
  none: 'Belum terdaftar',
  intake: 'Penerimaan laporan',
  clarification: 'Klarifikasi',
  follow_up: 'Tindak lanjut PPK',
  examination: 'Pemeriksaan disiplin',
  ethics_hearing: 'Sidang Majelis Kode Etik',
  decision: 'Penjatuhan hukuman',
  delivery: 'Penyampaian keputusan',
  objection_window: 'Masa pengajuan keberatan',
  objection: 'Keberatan / banding administratif',
  in_force: 'Hukuman sedang dijalani',
  closed: 'Selesai',
};

export const EVENT_NAMES: Record<CaseEventType, string> = {
  CaseRegistered: 'Laporan didaftarkan',
  ReporterIdentityRecorded: 'Identitas pelapor dicatat',
  OfficerAssigned: 'Petugas kasus ditunjuk',
  ClarificationStarted: 'Klarifikasi dimulai',
  ClarificationConcluded: 'Hasil klarifikasi dicatat',
  RecommendationReceived: 'Rekomendasi diterima',
  PpkFollowUpRecorded: 'Tindak lanjut PPK dicatat',
  TimPemeriksaFormed: 'Tim Pemeriksa dibentuk',
  SummonsIssued: 'Surat panggilan diterbitkan',
  AttendanceRecorded: 'Kehadiran dalam pemeriksaan dicatat',
  BapRecorded: 'Berita Acara Pemeriksaan (BAP) dicatat',
  MajelisKodeEtikConvened: 'Majelis Kode Etik dibentuk',
  MajelisKodeEtikRecommended: 'Rekomendasi Majelis Kode Etik dicatat',
  SanctionDepartureApproved: 'Penyimpangan dari katalog hukuman disetujui',
  SanctionDecided: 'Hukuman disiplin dijatuhkan',
  DecisionDelivered: 'Keputusan disampaikan kepada ASN',
  ObjectionFiled: 'Keberatan / banding diajukan',
  LateObjectionRejected: 'Keberatan yang terlambat ditolak',
  AppealAnswered: 'Jawaban atas banding disampaikan',
  ObjectionDecided: 'Keberatan / banding diputus',
  SanctionTookEffect: 'Hukuman mulai berlaku',
  SanctionInForceRetracted:
    'Berlakunya hukuman ditarik kembali: keberatan yang diajukan tepat waktu baru dicatat',
  SanctionPeriodServed: 'Masa hukuman selesai dijalani',
  CaseForwardedToEmployer: 'Kasus diteruskan kepada pemberi kerja (pegawai non-ASN / BUMD)',
  CriminalReferralRecorded: 'Kasus diteruskan ke Sentra Gakkumdu (dugaan tindak pidana pemilihan)',
  CriminalReferralConcluded: 'Hasil penanganan Sentra Gakkumdu dicatat',
  SuperiorCaseLinked: 'Kasus terhadap atasan langsung dibuka dan ditautkan (PP 94/2021 Ps 28)',
  CaseClosed: 'Kasus ditutup',
  CaseReopened: 'Kasus dibuka kembali',
  DeadlineRecorded: 'Tenggat waktu dicatat',
  DeadlineNotTracked: 'Tenggat tidak terpantau: sistem tidak dapat menghitung atau mencatatnya',
  DeadlinePolicyMigrated: 'Kebijakan tenggat diganti ke versi lain dan tenggat dihitung ulang',
  DeadlineReminderSent: 'Pengingat tenggat dikirim',
  DeadlineEscalated: 'Tenggat terlewati dan dieskalasi',
  DocumentAttached: 'Dokumen dilampirkan',
};

export const ROLE_NAMES: Record<string, string> = {
  officer: 'Petugas kasus',
  supervisor: 'Atasan petugas',
  ppk: 'Pejabat Pembina Kepegawaian',
  auditor: 'Auditor',
  admin: 'Administrator',
  system: 'Sistem',
};

const ZONE_ABBREVIATIONS: Record<number, string> = { 420: 'WIB', 480: 'WITA', 540: 'WIT' };

export function stageName(stage: string): string {
  return STAGE_NAMES[stage as Stage] ?? stage;
}

export function eventName(type: string): string {
  return EVENT_NAMES[type as CaseEventType] ?? type;
}

export function roleName(role: string): string {
  return ROLE_NAMES[role] ?? role;
}

/** `2025-01-06` → `6 Januari 2025`. Anything that is not a civil date is returned as it is. */
export function formatCivilDate(date: string): string {
  return isCivilDate(date) ? formatTanggal(date) : date;
}

/** An instant as `6 Januari 2025 pukul 09.00 WIB` in the given Indonesian zone (WIB by default). */
export function formatInstant(instant: string, timeZone = 'Asia/Jakarta'): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  const offset = INDONESIAN_TIME_ZONES[timeZone] ?? INDONESIAN_TIME_ZONES['Asia/Jakarta'];
  const local = new Date(ms + offset * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${local.getUTCDate()} ${NAMA_BULAN[local.getUTCMonth()]} ${local.getUTCFullYear()}`;
  return `${date} pukul ${pad(local.getUTCHours())}.${pad(local.getUTCMinutes())} ${ZONE_ABBREVIATIONS[offset]}`;
}
