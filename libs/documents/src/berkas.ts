// The case file (berkas perkara) as one PDF for an auditor or a court: a summary of the case, its timeline,
// every attached document in the order it was attached (each behind a cover sheet naming its fact and
// hash), and a verification page listing every document's SHA-256, whether the stored file still matches,
// and the head of the case's hash chain.
import {
  type CaseState,
  type CivilDate,
  type DocumentFact,
  formatTanggal,
  localDateOf,
} from '@netral/domain';
import type * as PdfLib from 'pdf-lib';
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { type DocumentCheck, type RecordedDocument } from './document-repository';
import { FACT_NAMES } from './fact-names';
import { collect, newA4 } from './letters/render-letter';

/**
 * pdf-lib (and its fonts, ~60 ms of CPU to load) is loaded at the first case file, not with the service's
 * modules at start (bench/notes/s16-cold-start.md).
 */
let pdfLibModule: typeof PdfLib | undefined;
function pdfLib(): typeof PdfLib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (pdfLibModule ??= require('pdf-lib') as typeof PdfLib);
}

export interface BerkasEvent {
  version: number;
  type: string;
  /** Indonesian name of the event type. */
  name: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  hash: string;
}

export interface BerkasInput {
  state: CaseState;
  events: BerkasEvent[];
  /** Documents the caller may see, with their bytes (null when the file could not be read). */
  documents: { document: RecordedDocument; bytes: Buffer | null }[];
  /** Documents withheld from this caller (they identify the reporter): listed, not included. */
  withheld: RecordedDocument[];
  checks: DocumentCheck[];
  chain: { ok: boolean; headVersion: number; headHash: string | null; problem: string | null };
  exportedAt: Date;
  exportedBy: string;
  stageName: (stage: string) => string;
}

// Every fact of the domain has its printed name (a fact added to DOCUMENT_FACTS fails to compile here).
const NAMED_FACTS: Record<DocumentFact, string> = FACT_NAMES;

export function factName(kind: string, sequence: number): string {
  const name = (NAMED_FACTS as Record<string, string>)[kind] ?? kind;
  return kind === 'surat_panggilan' || kind === 'bukti_penyampaian_panggilan' || kind === 'rekomendasi'
    ? `${name} ${kind === 'rekomendasi' ? `ke-${sequence}` : sequence === 1 ? 'I' : 'II'}`
    : name;
}

/** The standard PDF fonts speak WinAnsi only: other characters (from titles, file names) become "?". */
function ansi(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

function tanggalWaktu(instant: string, timeZone: string): string {
  const date: CivilDate = localDateOf(instant, timeZone);
  return formatTanggal(date);
}

export async function buildBerkas(input: BerkasInput): Promise<Buffer> {
  const output = await pdfLib().PDFDocument.create();
  output.setTitle(`Berkas perkara ${input.state.caseId ?? ''}`);
  output.setCreator('Netral');
  output.setProducer('Netral (pdf-lib)');
  output.setCreationDate(input.exportedAt);
  output.setModificationDate(input.exportedAt);
  const font = await output.embedFont(pdfLib().StandardFonts.TimesRoman);
  const bold = await output.embedFont(pdfLib().StandardFonts.TimesRomanBold);
  const mono = await output.embedFont(pdfLib().StandardFonts.Courier);

  await appendPdf(output, await summaryAndTimeline(input));
  for (const [i, { document, bytes }] of input.documents.entries()) {
    coverSheet(output.addPage([595.28, 841.89]), { font, bold, mono }, i + 1, document, input.state.timeZone);
    if (!bytes) continue;
    try {
      if (document.contentType === 'application/pdf') {
        await appendPdf(output, bytes);
      } else {
        const image =
          document.contentType === 'image/png' ? await output.embedPng(bytes) : await output.embedJpg(bytes);
        const page = output.addPage([595.28, 841.89]);
        const scale = Math.min(515 / image.width, 760 / image.height, 1);
        const w = image.width * scale;
        const h = image.height * scale;
        page.drawImage(image, { x: (595.28 - w) / 2, y: (841.89 - h) / 2, width: w, height: h });
      }
    } catch (error) {
      // An encrypted or damaged PDF cannot be merged: its cover sheet says so; the original stays downloadable.
      const page = output.addPage([595.28, 841.89]);
      page.drawText('Dokumen ini tidak dapat disisipkan ke dalam berkas (terenkripsi atau rusak).', {
        x: 60,
        y: 760,
        size: 11,
        font,
      });
      page.drawText(ansi(`Unduh dokumen asli ${document.documentId}; hash: ${document.sha256}`), {
        x: 60,
        y: 740,
        size: 8,
        font: mono,
      });
      page.drawText(ansi(String((error as Error).message).slice(0, 90)), {
        x: 60,
        y: 720,
        size: 8,
        font: mono,
      });
    }
  }
  verificationPages(output, { font, bold, mono }, input);
  return Buffer.from(await output.save({ useObjectStreams: false }));
}

async function appendPdf(output: PDFDocument, bytes: Buffer): Promise<void> {
  const source = await pdfLib().PDFDocument.load(bytes, { ignoreEncryption: false, updateMetadata: false });
  const pages = await output.copyPages(source, source.getPageIndices());
  pages.forEach((p) => output.addPage(p));
}

async function summaryAndTimeline(input: BerkasInput): Promise<Buffer> {
  const s = input.state;
  const doc = newA4(`Berkas perkara ${s.caseId ?? ''}`, input.exportedAt, 'Ringkasan dan kronologi');
  const done = collect(doc);
  doc.font('Times-Bold').fontSize(16).text('BERKAS PERKARA', { align: 'center' });
  doc.fontSize(12).text('DUGAAN PELANGGARAN NETRALITAS ASN', { align: 'center' }).moveDown();
  const rows: [string, string][] = [
    ['Nomor kasus', s.caseId ?? '-'],
    ['Instansi', s.reportedAsn?.agency ?? s.agency ?? '-'],
    ['Terlapor', `${s.reportedAsn?.name ?? '-'} (NIP ${s.reportedAsn?.nip ?? '-'})`],
    ['Jabatan / unit', `${s.reportedAsn?.position ?? '-'}, ${s.reportedAsn?.unit ?? '-'}`],
    ['Jenis pelanggaran', s.violationType ?? '-'],
    ['Perbuatan', s.conduct ?? '-'],
    [
      'Sumber',
      `${s.source?.kind ?? '-'} ${s.source?.reference ?? ''} (${s.source ? formatTanggal(s.source.receivedOn) : '-'})`,
    ],
    ['Tahap sekarang', input.stageName(s.stage)],
    [
      'Keputusan',
      s.decision
        ? `${s.decision.sanctionCode}${s.decision.periodMonths ? ` ${s.decision.periodMonths} bulan` : ''}, nomor ${s.decision.decreeNumber} tanggal ${formatTanggal(s.decision.decreeDate)}`
        : '-',
    ],
    [
      'Dokumen terlampir',
      `${input.documents.length}${input.withheld.length ? ` (+${input.withheld.length} dirahasiakan)` : ''}`,
    ],
    ['Dicetak', `${tanggalWaktu(input.exportedAt.toISOString(), s.timeZone)} oleh ${input.exportedBy}`],
  ];
  doc.font('Times-Roman').fontSize(11);
  for (const [label, value] of rows) {
    const top = doc.y;
    doc.font('Times-Bold').text(label, 64, top, { width: 130 });
    const after = doc.y;
    doc.font('Times-Roman').text(value, 200, top, { width: doc.page.width - 264 });
    doc.y = Math.max(doc.y, after) + 2;
  }
  doc.moveDown().font('Times-Bold').fontSize(13).text('KRONOLOGI', 64, doc.y).moveDown(0.3);
  doc.fontSize(9.5);
  for (const e of input.events) {
    if (doc.y > doc.page.height - 90) doc.addPage();
    const top = doc.y;
    doc.font('Times-Bold').text(String(e.version), 64, top, { width: 24 });
    doc.font('Times-Roman').text(tanggalWaktu(e.occurredAt, s.timeZone), 90, top, { width: 90 });
    doc.text(`${e.name} (${e.actor})`, 182, top, { width: 230 });
    doc
      .font('Courier')
      .fontSize(7)
      .text(e.hash.slice(0, 16), 416, top + 1, { width: 115 });
    doc.fontSize(9.5);
    doc.y = Math.max(doc.y, top + 12);
  }
  doc.end();
  return done;
}

interface Fonts {
  font: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

function coverSheet(page: PDFPage, f: Fonts, n: number, d: RecordedDocument, timeZone: string): void {
  let y = 760;
  const line = (text: string, size = 11, font = f.font) => {
    page.drawText(ansi(text), { x: 60, y, size, font, color: pdfLib().rgb(0, 0, 0) });
    y -= size + 8;
  };
  line(`LAMPIRAN ${n}`, 16, f.bold);
  line(d.title, 13, f.bold);
  line(`Fakta yang dibuktikan: ${factName(d.fact.kind, d.fact.sequence)} nomor ${d.factReference}`);
  line(`Berkas: ${d.fileName} (${d.contentType}, ${d.size} bait)`);
  line(
    `Asal: ${d.origin === 'generated' ? `dibuat oleh Netral dari templat ${d.template?.id} versi ${d.template?.version}` : 'diunggah'}`,
  );
  line(`Dilampirkan: ${tanggalWaktu(d.at, timeZone)} oleh ${d.attachedBy}, peristiwa versi ${d.version}`);
  line('SHA-256:', 11, f.bold);
  line(d.sha256, 9, f.mono);
}

function verificationPages(output: PDFDocument, f: Fonts, input: BerkasInput): void {
  let page = output.addPage([595.28, 841.89]);
  let y = 780;
  const line = (text: string, size = 10, font = f.font) => {
    if (y < 60) {
      page = output.addPage([595.28, 841.89]);
      y = 780;
    }
    page.drawText(ansi(text), { x: 50, y, size, font });
    y -= size + 6;
  };
  line('HALAMAN VERIFIKASI', 15, f.bold);
  line(
    'Setiap dokumen dikenali dari SHA-256 isinya; hash itu tercatat dalam peristiwa DocumentAttached yang',
  );
  line(
    'terantai (hash chain) dengan seluruh riwayat kasus. Hitung ulang SHA-256 setiap lampiran asli untuk memeriksa.',
  );
  y -= 6;
  line(`Rantai hash kasus: ${input.chain.ok ? 'UTUH' : `RUSAK (${input.chain.problem ?? '?'})`}`, 11, f.bold);
  line(`Versi terakhir: ${input.chain.headVersion}`);
  line('Hash kepala rantai:');
  line(input.chain.headHash ?? '-', 8.5, f.mono);
  y -= 8;
  line('Dokumen', 11, f.bold);
  for (const [i, check] of input.checks.entries()) {
    const d = [...input.documents.map((x) => x.document), ...input.withheld].find(
      (x) => x.documentId === check.documentId,
    );
    const status = { ok: 'cocok', altered: 'TIDAK COCOK (berubah)', missing: 'HILANG' }[check.status];
    line(`${i + 1}. ${d ? d.title : check.documentId} (${check.documentId}) - ${status}`, 10);
    line(`   ${check.sha256}`, 8.5, f.mono);
    if (check.status === 'altered' && check.actualSha256)
      line(`   tersimpan: ${check.actualSha256}`, 8.5, f.mono);
  }
  if (input.withheld.length > 0) {
    y -= 6;
    line(
      `${input.withheld.length} dokumen yang mengungkap identitas pelapor tidak disertakan untuk peran pencetak`,
    );
    line('(UU 14/2008 Ps 17 huruf a); hash-nya tetap tercantum di atas.');
  }
}
