// Numbers and dates written out in words, as an Indonesian berita acara writes them ("pada hari ini Rabu
// tanggal dua puluh dua bulan Januari tahun dua ribu dua puluh lima").
import { type CivilDate, NAMA_BULAN } from '@netral/domain';

const SATUAN = [
  '',
  'satu',
  'dua',
  'tiga',
  'empat',
  'lima',
  'enam',
  'tujuh',
  'delapan',
  'sembilan',
  'sepuluh',
  'sebelas',
];

/** 0 ≤ n < 1 000 000 in words: 22 → "dua puluh dua", 2025 → "dua ribu dua puluh lima". */
export function terbilang(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1_000_000) throw new Error(`terbilang: ${n} out of range`);
  if (n === 0) return 'nol';
  const words = (x: number): string => {
    if (x < 12) return SATUAN[x];
    if (x < 20) return `${SATUAN[x - 10]} belas`;
    if (x < 100) return `${SATUAN[Math.floor(x / 10)]} puluh ${words(x % 10)}`.trim();
    if (x < 200) return `seratus ${words(x - 100)}`.trim();
    if (x < 1000) return `${SATUAN[Math.floor(x / 100)]} ratus ${words(x % 100)}`.trim();
    if (x < 2000) return `seribu ${words(x - 1000)}`.trim();
    return `${words(Math.floor(x / 1000))} ribu ${words(x % 1000)}`.trim();
  };
  return words(n);
}

/** Day names (nama hari), Sunday first like Date.getUTCDay(). */
export const NAMA_HARI = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', "Jum'at", 'Sabtu'];

export function namaHari(date: CivilDate): string {
  return NAMA_HARI[new Date(`${date}T00:00:00Z`).getUTCDay()];
}

/** `2025-01-22` → "dua puluh dua bulan Januari tahun dua ribu dua puluh lima". */
export function tanggalTerbilang(date: CivilDate): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${terbilang(day)} bulan ${NAMA_BULAN[month - 1]} tahun ${terbilang(year)}`;
}
