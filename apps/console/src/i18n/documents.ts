/**
 * Texts of the case page's documents section (attached evidence, uploads, official letters), kept apart from
 * the main dictionaries so each stays readable. The facts' names have one home beside the berkas that prints
 * them: libs/documents/src/fact-names.ts (PP 94/2021, PerBKN 6/2022).
 */
export const documentsId = {
  title: 'Dokumen',
  none: 'Belum ada dokumen terlampir.',
  document: 'Dokumen',
  fact: 'Fakta yang dibuktikan',
  reference: 'Nomor',
  hash: 'SHA-256',
  attachedAt: 'Dilampirkan',
  origin: 'Asal',
  uploaded: 'Unggahan',
  generated: 'Surat terbit',
  withheld: 'Identitas pelapor: hanya fakta dan hash yang ditampilkan',
  download: 'Unduh',
  upload: 'Unggah dokumen',
  file: 'Berkas (PDF, JPEG atau PNG)',
  sequence: 'Urutan (surat panggilan II = 2)',
  docTitle: 'Judul',
  identifiesReporter: 'Dokumen ini menyebut identitas pelapor',
  send: 'Unggah',
  letters: 'Surat resmi',
  issue: 'Terbitkan',
  issued: 'Sudah terbit',
  missingFacts: 'Belum dapat diterbitkan; fakta yang belum tercatat',
  preview: 'Pratinjau konsep surat',
};

export const documentsEn: typeof documentsId = {
  title: 'Documents',
  none: 'No documents attached yet.',
  document: 'Document',
  fact: 'Fact it proves',
  reference: 'Number',
  hash: 'SHA-256',
  attachedAt: 'Attached',
  origin: 'Origin',
  uploaded: 'Upload',
  generated: 'Issued letter',
  withheld: 'Identifies the reporter: only its fact and hash are shown',
  download: 'Download',
  upload: 'Upload a document',
  file: 'File (PDF, JPEG or PNG)',
  sequence: 'Sequence (summons II = 2)',
  docTitle: 'Title',
  identifiesReporter: 'This document names the reporter',
  send: 'Upload',
  letters: 'Official letters',
  issue: 'Issue',
  issued: 'Issued',
  missingFacts: 'Cannot be issued yet; facts not recorded',
  preview: 'Preview the draft letter',
};

export { FACT_NAMES as factsId, FACT_NAMES_EN as factsEn } from '../../../../libs/documents/src/fact-names';
