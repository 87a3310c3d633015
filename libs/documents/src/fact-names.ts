// Names of the facts a document can prove (the domain's DOCUMENT_FACTS, in the order a case produces them),
// as the printed berkas and the letters name them (PP 94/2021, PerBKN 6/2022), with an English gloss for
// the console's English view. The one home of these names: the berkas prints them and the web console
// imports this file directly, so it must stay free of imports (the console's bundle cannot resolve the
// server's path aliases).

export const FACT_NAMES = {
  laporan: 'Laporan/temuan',
  surat_klarifikasi: 'Surat klarifikasi',
  lhp: 'Laporan Hasil Pemeriksaan (klarifikasi)',
  rekomendasi: 'Rekomendasi',
  tindak_lanjut_ppk: 'Tindak lanjut PPK',
  sk_tim_pemeriksa: 'Keputusan pembentukan Tim Pemeriksa',
  surat_panggilan: 'Surat panggilan',
  bukti_penyampaian_panggilan: 'Bukti penyampaian surat panggilan',
  bap: 'Berita Acara Pemeriksaan',
  sk_majelis_kode_etik: 'Keputusan pembentukan Majelis Kode Etik',
  rekomendasi_majelis: 'Rekomendasi Majelis Kode Etik',
  keputusan_hukuman: 'Keputusan penjatuhan hukuman',
  bukti_penyampaian_keputusan: 'Bukti penyampaian keputusan',
  keberatan: 'Keberatan / banding administratif',
  jawaban_banding: 'Jawaban atas banding',
  putusan_keberatan: 'Putusan keberatan / banding',
} satisfies Record<string, string>;

export type FactKind = keyof typeof FACT_NAMES;

export const FACT_NAMES_EN: Record<FactKind, string> = {
  laporan: 'Report or finding (laporan/temuan)',
  surat_klarifikasi: 'Clarification letter',
  lhp: 'Clarification report (LHP)',
  rekomendasi: 'Recommendation',
  tindak_lanjut_ppk: "PPK's follow-up",
  sk_tim_pemeriksa: 'Decree forming the Tim Pemeriksa',
  surat_panggilan: 'Summons',
  bukti_penyampaian_panggilan: 'Proof of summons delivery',
  bap: 'Examination record (BAP)',
  sk_majelis_kode_etik: 'Decree convening the Majelis Kode Etik',
  rekomendasi_majelis: "Majelis Kode Etik's recommendation",
  keputusan_hukuman: 'Sanction decree',
  bukti_penyampaian_keputusan: 'Proof of decree delivery',
  keberatan: 'Objection / administrative appeal',
  jawaban_banding: 'Answer to the appeal',
  putusan_keberatan: 'Decision on the objection / appeal',
};
