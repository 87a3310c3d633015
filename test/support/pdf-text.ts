/**
 * The text of a PDF, extracted by pdf-parse (pdf.js) in a child Node process: pdf.js loads its worker with a
 * dynamic import, which jest's CommonJS sandbox cannot run.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface PdfText {
  pages: number;
  /** The text with runs of white space collapsed to one space, so phrases can be matched across lines. */
  text: string;
}

export function pdfText(pdf: Buffer): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, 'bin', 'pdf-text.js')],
      { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`pdf-text failed: ${stderr || error.message}`));
        const parsed = JSON.parse(stdout) as { pages: number; text: string };
        resolve({ pages: parsed.pages, text: parsed.text.replace(/\s+/g, ' ') });
      },
    );
    child.stdin!.end(pdf);
  });
}
