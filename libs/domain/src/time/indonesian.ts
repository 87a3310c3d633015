// Dates as Indonesian letters and notices write them: "6 Januari 2025".
import { type CivilDate, isCivilDate } from './civil-date';

/** Month names (nama bulan), January first. */
export const NAMA_BULAN: readonly string[] = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** `2025-01-06` → `6 Januari 2025` (tanggal as written in Indonesian documents). */
export function formatTanggal(date: CivilDate): string {
  if (!isCivilDate(date)) throw new Error(`not a civil date: ${date}`);
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${NAMA_BULAN[month - 1]} ${year}`;
}
