// What a file is, read from its bytes (never from its name or the client's Content-Type): the signature at
// its start and the marker at its end. Only the three formats the berkas accepts are recognised.
import { type DocumentContentType } from '@netral/domain';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from('IEND');
const PDF_HEADER = Buffer.from('%PDF-');
const PDF_EOF = Buffer.from('%%EOF');

/** The content type of a PDF, JPEG or PNG file, or null for anything else (including truncated files). */
export function sniffContentType(bytes: Buffer): DocumentContentType | null {
  if (isPdf(bytes)) return 'application/pdf';
  if (isJpeg(bytes)) return 'image/jpeg';
  if (isPng(bytes)) return 'image/png';
  return null;
}

/** `%PDF-` within the first 1024 bytes (ISO 32000-1 §7.5.2 tolerates leading bytes) and `%%EOF` near the end. */
function isPdf(bytes: Buffer): boolean {
  const header = bytes.subarray(0, 1024).indexOf(PDF_HEADER);
  if (header < 0) return false;
  return bytes.subarray(Math.max(header, bytes.length - 1024)).includes(PDF_EOF);
}

/** SOI marker FF D8 FF at the start, EOI FF D9 at the end (trailing padding tolerated). */
function isJpeg(bytes: Buffer): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return false;
  const tail = bytes.subarray(Math.max(0, bytes.length - 64));
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
  return false;
}

/** The 8-byte PNG signature, an IHDR chunk first, and an IEND chunk at the end. */
function isPng(bytes: Buffer): boolean {
  return (
    bytes.length >= 45 &&
    bytes.subarray(0, 8).equals(PNG_SIGNATURE) &&
    bytes.subarray(12, 16).toString('latin1') === 'IHDR' &&
    bytes.subarray(bytes.length - 8, bytes.length - 4).equals(PNG_IEND)
  );
}
