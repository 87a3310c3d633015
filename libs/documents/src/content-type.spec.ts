// The type is read from the bytes: a file named .pdf that is not a PDF is refused, a truncated file too.
import PDFDocument from 'pdfkit';
import { collect } from './letters/render-letter';
import { sniffContentType } from './content-type';
import { TINY_JPEG, TINY_PNG } from './testing/samples';

describe('sniffContentType', () => {
  it('recognises PDF, JPEG and PNG from their bytes', async () => {
    const doc = new PDFDocument();
    const pdf = collect(doc);
    doc.text('x');
    doc.end();
    expect(sniffContentType(await pdf)).toBe('application/pdf');
    expect(sniffContentType(TINY_JPEG)).toBe('image/jpeg');
    expect(sniffContentType(TINY_PNG)).toBe('image/png');
  });

  it('refuses anything else, and truncated files', async () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7 but no end'))).toBeNull();
    expect(sniffContentType(Buffer.from('PK\u0003\u0004 a zip file'))).toBeNull();
    expect(sniffContentType(Buffer.from('<html><body>%PDF-</body></html>'))).toBeNull();
    expect(sniffContentType(TINY_PNG.subarray(0, TINY_PNG.length - 12))).toBeNull();
    expect(sniffContentType(TINY_JPEG.subarray(0, TINY_JPEG.length - 2))).toBeNull();
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
  });
});
