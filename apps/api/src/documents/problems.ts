/** The documents feature's problem documents (RFC 9457), each with a stable code. */
import { DOCUMENT_CONTENT_TYPES } from '@netral/domain';
import { ProblemException } from '../platform';

export function fileRequiredProblem(): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'FILE_REQUIRED',
    detail: 'Send the document as multipart/form-data with one file in the field "file".',
    detailId: 'Kirim dokumen sebagai multipart/form-data dengan satu berkas pada kolom "file".',
  });
}

/** A file part that holds no bytes: said as such, not as a missing file. */
export function emptyFileProblem(): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'FILE_REQUIRED',
    detail: 'The file in the field "file" is empty (0 bytes).',
    detailId: 'Berkas pada kolom "file" kosong (0 byte).',
  });
}

export function malformedUploadProblem(reason: string): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'MALFORMED_UPLOAD',
    detail: `The upload could not be read: ${reason}.`,
    detailId: `Unggahan tidak dapat dibaca: ${reason}.`,
  });
}

export function tooLargeProblem(maxBytes: number): ProblemException {
  const mb = (maxBytes / 1024 / 1024).toFixed(maxBytes % (1024 * 1024) === 0 ? 0 : 1);
  return new ProblemException({
    status: 413,
    code: 'DOCUMENT_TOO_LARGE',
    detail: `A document may be at most ${maxBytes} bytes (${mb} MB).`,
    detailId: `Ukuran dokumen paling besar ${maxBytes} bait (${mb} MB).`,
    extensions: { maxBytes },
  });
}

export function unsupportedTypeProblem(): ProblemException {
  return new ProblemException({
    status: 415,
    code: 'UNSUPPORTED_DOCUMENT_TYPE',
    detail: `The file's content is not one of ${DOCUMENT_CONTENT_TYPES.join(', ')} (the type is read from the bytes, not the name).`,
    detailId: 'Isi berkas bukan PDF, JPEG atau PNG (jenis dibaca dari isi berkas, bukan dari namanya).',
    extensions: { accepted: DOCUMENT_CONTENT_TYPES },
  });
}

export function checksumMismatchProblem(declared: string, actual: string): ProblemException {
  return new ProblemException({
    status: 422,
    code: 'CHECKSUM_MISMATCH',
    detail: `The file received hashes to SHA-256 ${actual}, not the ${declared} declared: it was damaged on the way; send it again.`,
    detailId:
      'SHA-256 berkas yang diterima berbeda dengan yang dinyatakan: berkas rusak dalam pengiriman; kirim ulang.',
    extensions: { declaredSha256: declared, receivedSha256: actual },
  });
}

export function idempotencyKeyReusedProblem(): ProblemException {
  return new ProblemException({
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
    detail:
      'This Idempotency-Key was used for another upload (another file, fact, title or name); use a new key ' +
      'for a new document.',
    detailId:
      'Idempotency-Key ini sudah dipakai untuk unggahan lain (berkas, fakta, judul atau nama lain); gunakan ' +
      'kunci baru untuk dokumen baru.',
  });
}

export function integrityProblem(
  documentId: string,
  expected: string,
  actual: string | null,
): ProblemException {
  return new ProblemException({
    status: 409,
    code: actual === null ? 'DOCUMENT_MISSING' : 'DOCUMENT_INTEGRITY_FAILED',
    detail:
      actual === null
        ? `The stored file of document ${documentId} is missing; it is not served.`
        : `The stored file of document ${documentId} no longer matches the SHA-256 recorded in its event; it is not served.`,
    detailId:
      actual === null
        ? `Berkas dokumen ${documentId} tidak ditemukan di penyimpanan.`
        : `Berkas dokumen ${documentId} tidak lagi sesuai dengan SHA-256 yang tercatat; berkas tidak diberikan.`,
    extensions: { documentId, recordedSha256: expected, storedSha256: actual },
  });
}

export function reporterConfidentialProblem(): ProblemException {
  return new ProblemException({
    status: 403,
    code: 'REPORTER_CONFIDENTIAL',
    detail:
      "This document identifies the reporter; your role may not read the reporter's identity (UU 14/2008 Ps 17a).",
    detailId:
      'Dokumen ini mengungkap identitas pelapor; peran Anda tidak berwenang membacanya (UU 14/2008 Ps 17 huruf a).',
  });
}
