// Prints the text of the PDF read from stdin, as JSON { pages, text }. A child process because pdf.js
// (inside pdf-parse) loads its worker with a dynamic import, which jest's sandbox cannot run.
const { PDFParse } = require('pdf-parse');

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const result = await parser.getText();
    process.stdout.write(JSON.stringify({ pages: result.total, text: result.text }));
  } finally {
    await parser.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
