// Renders a letter template to PDF (A4, Times, Bahasa Indonesia) with pdfkit: the agency's letterhead, the
// template's blocks with placeholders filled, the legal basis under each clause that has one, the
// signature block and the copies (tembusan). The output depends only on its input (the creation date is
// the letter's own time), so the issued letter of a fact always has the same bytes and the same hash.
import type PDFDocumentClass from 'pdfkit';
import { type LetterBlock, type LetterTemplate } from './templates';
import { type LetterSettings, type LetterValues, fill } from './letter-context';

export interface RenderLetterInput {
  template: LetterTemplate;
  settings: LetterSettings;
  values: LetterValues;
  /** The PDF's creation date: the fact's recorded time (issued) or the request time (draft). */
  createdAt: Date;
  /** A draft carries "KONSEP" across each page and in its title. */
  draft: boolean;
  /** Case and template ids for the PDF's metadata. */
  caseId: string;
  templateVersion: string;
}

const MARGIN = 64;
const BODY = 11.5;
const FONT = 'Times-Roman';
const BOLD = 'Times-Bold';
const ITALIC = 'Times-Italic';

export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * pdfkit (with fontkit and its compressed tables, ~50 ms of CPU to load) is loaded at the first letter, not
 * with the service's modules at start (bench/notes/s16-cold-start.md).
 */
let pdfkit: typeof PDFDocumentClass | undefined;
function PDFDocument(): typeof PDFDocumentClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (pdfkit ??= require('pdfkit') as typeof PDFDocumentClass);
}

export function newA4(title: string, createdAt: Date, subject: string): PDFKit.PDFDocument {
  return new (PDFDocument())({
    size: 'A4',
    margins: { top: 48, bottom: 56, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: title,
      Subject: subject,
      Creator: 'Netral',
      Producer: 'Netral (pdfkit)',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
}

export async function renderLetter(input: RenderLetterInput): Promise<Buffer> {
  const { template, settings, values } = input;
  const doc = newA4(
    `${input.draft ? 'KONSEP ' : ''}${template.name} ${values.nomor ?? ''}`.trim(),
    input.createdAt,
    `Kasus ${input.caseId}; templat ${template.id} versi ${input.templateVersion}; format ${template.format}`,
  );
  const done = collect(doc);
  letterhead(doc, settings);
  for (const block of settings.templates[template.id] ?? template.blocks) renderBlock(doc, block, values);
  if (input.draft) watermark(doc);
  doc.end();
  return done;
}

function letterhead(doc: PDFKit.PDFDocument, settings: LetterSettings): void {
  const { lines, address } = settings.letterhead;
  lines.forEach((line, i) => {
    doc
      .font(BOLD)
      .fontSize(i === 0 ? 15 : 13)
      .text(line, { align: 'center' });
  });
  if (address) doc.font(FONT).fontSize(9.5).text(address, { align: 'center' });
  const y = doc.y + 4;
  const right = doc.page.width - MARGIN;
  doc.moveTo(MARGIN, y).lineTo(right, y).lineWidth(2).stroke();
  doc
    .moveTo(MARGIN, y + 3)
    .lineTo(right, y + 3)
    .lineWidth(0.6)
    .stroke();
  doc.y = y + 16;
  doc.x = MARGIN;
}

function width(doc: PDFKit.PDFDocument): number {
  return doc.page.width - 2 * MARGIN;
}

function basisLine(
  doc: PDFKit.PDFDocument,
  basis: string | undefined,
  values: LetterValues,
  indent = 0,
): void {
  if (!basis) return;
  doc
    .font(ITALIC)
    .fontSize(8.5)
    .fillColor('#444444')
    .text(`Dasar hukum: ${fill(basis, values)}`, MARGIN + indent, doc.y + 1, { width: width(doc) - indent });
  doc.fillColor('black').font(FONT).fontSize(BODY);
}

function renderBlock(doc: PDFKit.PDFDocument, block: LetterBlock, values: LetterValues): void {
  doc.x = MARGIN;
  switch (block.kind) {
    case 'title':
      doc.moveDown(0.4).font(BOLD).fontSize(13).text(fill(block.text, values), { align: 'center' });
      return;
    case 'subtitle':
      doc.font(BOLD).fontSize(BODY).text(fill(block.text, values), { align: 'center' });
      return;
    case 'heading':
      doc.moveDown(0.6).font(BOLD).fontSize(BODY).text(fill(block.text, values));
      return;
    case 'paragraph': {
      if (block.when && !values[block.when]) return;
      doc.moveDown(0.5).font(FONT).fontSize(BODY).text(fill(block.text, values), { align: 'justify' });
      basisLine(doc, block.basis, values);
      return;
    }
    case 'fields': {
      doc.moveDown(0.3).font(FONT).fontSize(BODY);
      for (const [label, value] of block.rows) row(doc, fill(label, values), fill(value, values), 24, 130);
      basisLine(doc, block.basis, values, 24);
      return;
    }
    case 'items': {
      doc.moveDown(0.5).font(FONT).fontSize(BODY);
      const labelWidth = block.label ? 80 : 0;
      const startY = doc.y;
      if (block.label) doc.text(`${block.label}`, MARGIN, startY, { width: labelWidth });
      doc.y = startY;
      for (const [marker, text] of block.items) {
        const markerWidth = marker.length > 3 ? 62 : 20;
        row(doc, fill(marker, values), fill(text, values), labelWidth, markerWidth, block.label ? ':' : '');
      }
      basisLine(doc, block.basis, values, labelWidth);
      return;
    }
    case 'signature': {
      ensureSpace(doc, 130);
      const x = MARGIN + width(doc) * 0.52;
      const w = width(doc) * 0.48;
      doc.moveDown(1.2).font(FONT).fontSize(BODY);
      const place = block.place ? fill(block.place, values) : `${values.kota},`;
      const date = `${block.datePrefix ? `${block.datePrefix} ` : ''}${values.tanggalSurat}`;
      doc.text(block.place ? place : `${place} ${date}`, x, doc.y, { width: w });
      if (block.place) doc.text(date, x, doc.y, { width: w });
      doc.font(BOLD).text(fill(block.role, values), x, doc.y, { width: w });
      doc.moveDown(3.2);
      doc.font(BOLD).text(values['penandatangan.nama'] ?? '', x, doc.y, { width: w, underline: true });
      doc.font(FONT).text(`NIP ${values['penandatangan.nip'] ?? '-'}`, x, doc.y, { width: w });
      doc.x = MARGIN;
      return;
    }
    case 'signatures': {
      ensureSpace(doc, 130);
      doc.moveDown(1.2).font(BOLD).fontSize(BODY);
      const half = width(doc) / 2;
      const top = doc.y;
      doc.text(fill(block.left, values), MARGIN, top, { width: half, align: 'center' });
      doc.text(fill(block.right, values), MARGIN + half, top, { width: half, align: 'center' });
      const names = top + 70;
      doc.text(fill(block.leftName, values), MARGIN, names, {
        width: half,
        align: 'center',
        underline: true,
      });
      doc.text(values['penandatangan.nama'] ?? '', MARGIN + half, names, {
        width: half,
        align: 'center',
        underline: true,
      });
      doc.font(FONT);
      const nips = doc.y;
      doc.text(`NIP ${fill(block.leftNip, values)}`, MARGIN, nips, { width: half, align: 'center' });
      doc.text(`NIP ${values['penandatangan.nip'] ?? '-'}`, MARGIN + half, nips, {
        width: half,
        align: 'center',
      });
      doc.x = MARGIN;
      return;
    }
    case 'copies': {
      ensureSpace(doc, 40 + 14 * block.items.length);
      doc.moveDown(1.5).font(FONT).fontSize(10).text('Tembusan Yth.:', MARGIN, doc.y);
      block.items.forEach((item, i) => doc.text(`${i + 1}. ${fill(item, values)}`, MARGIN, doc.y));
      doc.fontSize(BODY);
      return;
    }
  }
}

/** A label column, a colon (or marker), and wrapped text beside it. */
function row(
  doc: PDFKit.PDFDocument,
  label: string,
  text: string,
  indent: number,
  labelWidth: number,
  lead = '',
): void {
  ensureSpace(doc, 16);
  const top = doc.y;
  const left = MARGIN + indent;
  if (lead) doc.text(lead, left - 10, top, { width: 10 });
  doc.text(label, left, top, { width: labelWidth - 6 });
  const afterLabel = doc.y;
  const colon = lead ? '' : ':';
  if (colon) doc.text(colon, left + labelWidth - 8, top, { width: 8 });
  const textLeft = left + labelWidth + (colon ? 2 : 0);
  doc.text(text, textLeft, top, { width: doc.page.width - MARGIN - textLeft, align: 'justify' });
  doc.y = Math.max(doc.y, afterLabel);
  doc.x = MARGIN;
}

function ensureSpace(doc: PDFKit.PDFDocument, needed: number): void {
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function watermark(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.save();
    doc.rotate(-35, { origin: [doc.page.width / 2, doc.page.height / 2] });
    doc
      .font(BOLD)
      .fontSize(90)
      .fillColor('#cc0000')
      .fillOpacity(0.15)
      .text('KONSEP', 0, doc.page.height / 2 - 45, {
        width: doc.page.width,
        align: 'center',
        lineBreak: false,
      });
    doc.restore();
  }
}
