/**
 * Documents on the case page: a real PDF uploaded through the form (multipart) appears with the SHA-256 of
 * its bytes and the fact it proves; the LHP's draft is previewed from the action form (a real PDF marked
 * KONSEP) and, once the result is recorded, the LHP letter is issued and listed as a generated document.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { assignedCase, caseCommand, consoleUrl, expectAccessible, screenshot, signIn } from './support';

const AGENCY = 'kota-bogor';

/** A small but well-formed one-page PDF. */
function pdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length + 30} >>\nstream\nBT /F1 12 Tf 72 770 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

test('an officer uploads a PDF, previews the LHP draft and issues the LHP letter', async ({
  page,
  request,
}) => {
  const { caseId, officer } = await assignedCase(request, AGENCY, {
    name: 'Dian Dokumen',
    agencyName: 'Pemerintah Kota Bogor',
  });
  await caseCommand(request, officer, caseId, 'clarification/start', {
    by: 'inspektorat',
    letterReference: '700/31/Inspektorat',
  });

  await signIn(page, 'officer', AGENCY);
  await page.goto(consoleUrl(`/kasus/${caseId}`));
  const documents = page.locator('#documents');
  await expect(documents).toContainText('Belum ada dokumen terlampir.');

  // Upload: the clarification letter as a real PDF file.
  const bytes = pdf('Surat klarifikasi 700/31/Inspektorat');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await documents.locator('summary', { hasText: 'Unggah dokumen' }).click();
  await documents.getByLabel('Berkas (PDF, JPEG atau PNG) *').setInputFiles({
    name: 'surat-klarifikasi.pdf',
    mimeType: 'application/pdf',
    buffer: bytes,
  });
  await documents.getByLabel('Fakta yang dibuktikan *').selectOption('surat_klarifikasi');
  await documents.getByLabel('Judul').fill('Surat klarifikasi (pindaian)');
  await documents.getByRole('button', { name: 'Unggah', exact: true }).click();
  const row = documents
    .locator('table.documents tbody tr')
    .filter({ hasText: 'Surat klarifikasi (pindaian)' });
  await expect(row).toBeVisible();
  await expect(row).toContainText(sha256);
  await expect(row).toContainText('Surat klarifikasi');
  await expect(row).toContainText('700/31/Inspektorat');
  // Attaching is an event of the case: the page reloads it before the next form is filled.
  await expect(page.locator('#timeline')).toContainText('Dokumen dilampirkan');
  // The stored file comes back byte for byte.
  const downloaded = page.waitForEvent('download');
  await row.getByRole('button', { name: 'Unduh' }).click();
  expect(readFileSync((await (await downloaded).path())!)).toEqual(bytes);

  // Letters are offered only once their fact is recorded: before the LHP, none can be issued, and each
  // says which fact it still needs.
  const issueLhp = documents.getByRole('button', { name: /Terbitkan Laporan Hasil Pemeriksaan/ });
  await expect(issueLhp).toBeDisabled();
  await expect(issueLhp).toHaveAccessibleDescription(
    'Belum dapat diterbitkan; fakta yang belum tercatat: Laporan Hasil Pemeriksaan (klarifikasi)',
  );
  await expect(documents.getByRole('button', { name: /Terbitkan Surat Panggilan II/ })).toBeDisabled();
  await expect(documents).toContainText('fakta yang belum tercatat: Surat panggilan II');

  // The LHP's draft, from the result form before it is recorded.
  const actions = page.locator('#actions');
  await actions.locator('summary', { hasText: 'Catat hasil klarifikasi (LHP)' }).click();
  await actions.getByLabel('Hasil klarifikasi *').selectOption('proceed');
  await actions.getByLabel('Perkiraan tingkat hukuman').selectOption('sedang');
  await actions.getByLabel('Perlu Tim Pemeriksa').selectOption('false');
  await actions.getByLabel('Nomor LHP *').fill('LHP-31/Insp/2026');
  await actions.getByLabel('Ringkasan temuan *').fill('Terbukti hadir dalam kampanye terbuka');
  const draft = page.waitForEvent('download');
  await actions.getByRole('button', { name: 'Pratinjau konsep surat' }).click();
  const draftFile = await draft;
  expect(draftFile.suggestedFilename()).toBe('KONSEP-lhp.pdf');
  expect(
    readFileSync((await draftFile.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  // Nothing was recorded by the preview: the case is still in clarification with one document.
  await expect(documents.locator('table.documents tbody tr')).toHaveCount(1);

  await actions.getByRole('button', { name: 'Catat hasil klarifikasi (LHP)' }).click();
  await expect(actions).not.toContainText('Catat hasil klarifikasi');

  // Issue the LHP letter: rendered from the recorded fact and attached with its hash. The summons still
  // waits for its fact.
  await expect(issueLhp).toBeEnabled();
  await expect(documents.getByRole('button', { name: /Terbitkan Surat Panggilan I$/ })).toBeDisabled();
  await issueLhp.click();
  const letter = documents.locator('table.documents tbody tr').filter({ hasText: 'Surat terbit' });
  await expect(letter).toBeVisible();
  await expect(letter).toContainText('LHP-31/Insp/2026');
  await expect(letter.locator('code.hash')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(documents).toContainText('Sudah terbit');
  await expectAccessible(page);
  await screenshot(page, '10-dokumen');
});
