/**
 * Documents through the real API, workflow and PostgreSQL: upload, link, list, download and verify; bad
 * input as problems; a tampered stored file detected; reporter confidentiality; generated letters (draft
 * and issued, parsed back to text); the berkas with its verification page; no orphan files.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { DocumentRepository, sha256Hex } from '@netral/documents';
import { TINY_JPEG } from '@netral/documents/testing/samples';
import {
  Api,
  AUDITOR,
  BOGOR_OFFICER,
  expectProblem,
  OFFICER,
  PPK,
  SUPERVISOR,
  type Caller,
} from '../api-cases/support';
import { pdfText } from '../support/pdf-text';
import { startTestService, type TestService } from '../support/service';

const MAX_BYTES = 256 * 1024;
let netral: TestService;
let api: Api;
let caseId: string;

beforeAll(async () => {
  netral = await startTestService('documents', { documents: { backend: 'postgresql', maxBytes: MAX_BYTES } });
  api = new Api(netral);
  caseId = await api.register(OFFICER);
  const steps: [string, Caller, Record<string, unknown>][] = [
    ['assignment', SUPERVISOR, { officerId: 'officer-ani', officerName: 'Ani' }],
    ['clarification/start', OFFICER, { by: 'inspektorat', letterReference: 'INS/01/2025' }],
    [
      'clarification/result',
      OFFICER,
      {
        result: 'proceed',
        likelyLevel: 'sedang',
        timPemeriksaNeeded: false,
        reportReference: 'LHP-01/2025',
        summary: 'Terlapor terbukti hadir dalam kampanye terbuka pasangan calon.',
      },
    ],
    [
      'ppk-follow-up',
      PPK,
      { action: 'examination', letterNumber: 'PPK/TL/01/2025', letterDate: '2025-01-10' },
    ],
  ];
  for (const [path, as, body] of steps) {
    const res = await api.post(`/cases/${caseId}/${path}`, as, body);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
  }
  // The whole service starts here, then a case is driven to its examination: slow on a busy machine.
}, 120_000);
afterAll(async () => {
  await netral?.stop();
});

function pdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ info: { CreationDate: new Date('2025-01-14T00:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

async function upload(
  as: Caller,
  file: { bytes: Buffer; name: string; type?: string } | null,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
  id = caseId,
) {
  const form = new FormData();
  if (file) form.append('file', new Blob([file.bytes], { type: file.type ?? 'application/pdf' }), file.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const token = await netral.token(as.role, as.agency, { sub: as.sub });
  const res = await fetch(`${netral.url}/cases/${id}/documents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, ...headers },
    body: form,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>,
  };
}

async function download(as: Caller, path: string) {
  const token = await netral.token(as.role, as.agency, { sub: as.sub });
  const res = await fetch(`${netral.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, bytes, body, text: bytes.toString('utf8') };
}

async function postPdf(as: Caller, path: string, body: unknown) {
  const token = await netral.token(as.role, as.agency, { sub: as.sub });
  const res = await fetch(`${netral.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    text: bytes.toString('utf8'),
    body: res.ok ? undefined : JSON.parse(bytes.toString('utf8')),
  };
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await netral.dataSource.query(sql, params)) as { n: number }[];
  return row.n;
}

const SUMMONS = {
  sequence: 1,
  letterNumber: 'PGL-1/2025',
  issuedOn: '2025-01-13',
  deliveredOn: '2025-01-13',
  deliveryProofRef: 'TT-1',
  hearingDate: '2025-01-22',
};

describe('letters', () => {
  it('an admin sets the agency letterhead and signatories; another agency cannot read them', async () => {
    const admin: Caller = { role: 'admin', agency: 'kota-bekasi', sub: 'admin-bekasi' };
    const res = await api.request('PUT', '/agencies/kota-bekasi/letter-settings', {
      as: admin,
      body: {
        letterhead: {
          lines: ['PEMERINTAH KOTA BEKASI', 'INSPEKTORAT DAERAH'],
          address: 'Jl. Jend. Ahmad Yani No. 1, Bekasi 17141',
          city: 'Bekasi',
        },
        signatories: {
          atasan_langsung: {
            name: 'Drs. Hendra Gunawan, M.Si.',
            nip: '197205151998031004',
            position: 'Camat Bekasi Timur',
          },
        },
      },
    });
    expect(res.status).toBe(200);
    expectProblem(await api.get('/agencies/kota-bekasi/letter-settings', BOGOR_OFFICER), 404);
    expectProblem(
      await api.request('PUT', '/agencies/kota-bekasi/letter-settings', {
        as: admin,
        body: {
          letterhead: { lines: ['X'], city: 'Bekasi' },
          templates: { bap: [{ kind: 'script', text: 'x' }] },
        },
      }),
      422,
      'INVALID_TEMPLATE',
    );
  });

  it('the summons draft is downloadable before the command, and a command the case would refuse is refused', async () => {
    const draft = await postPdf(OFFICER, `/cases/${caseId}/letters/surat_panggilan_1/draft`, {
      command: SUMMONS,
      hearingPlace: 'Ruang Rapat Inspektorat Lt. 2',
    });
    expect(draft.status).toBe(200);
    expect(draft.headers.get('content-type')).toBe('application/pdf');
    const { text } = await pdfText(draft.bytes);
    for (const phrase of [
      'KONSEP',
      'INSPEKTORAT DAERAH',
      'SURAT PANGGILAN I',
      'PGL-1/2025',
      'Dedi Kurniawan',
      '198001012005011001',
      '22 Januari 2025',
      'Ruang Rapat Inspektorat Lt. 2',
      'PP 94/2021 Ps 26',
      'Drs. Hendra Gunawan, M.Si.',
    ]) {
      expect(text).toContain(phrase);
    }
    // Nothing was recorded by the draft.
    const state = await api.get<{ examination: { summonses: unknown[] } }>(`/cases/${caseId}`, OFFICER);
    expect(state.body.examination.summonses).toEqual([]);
    // A hearing only 2 working days after delivery breaks PP 94/2021 Ps 26: the draft is refused like the command.
    const refused = await postPdf(OFFICER, `/cases/${caseId}/letters/surat_panggilan_1/draft`, {
      command: { ...SUMMONS, hearingDate: '2025-01-15' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'SUMMONS_NOTICE_TOO_SHORT' });
    expectProblem(
      await api.post(`/cases/${caseId}/letters/surat_nikah/draft`, OFFICER, { command: {} }),
      404,
      'UNKNOWN_TEMPLATE',
    );
    // The letter of a fact not yet recorded cannot be issued.
    expectProblem(
      await api.post(`/cases/${caseId}/letters/surat_panggilan_1`, OFFICER, {}),
      422,
      'UNKNOWN_FACT',
    );
  });

  it('once the summons is issued, its letter is generated, attached with its hash, and the same on repeat', async () => {
    expect((await api.post(`/cases/${caseId}/summons`, OFFICER, SUMMONS)).status).toBe(200);
    const issued = await api.post<{
      documentId: string;
      sha256: string;
      origin: string;
      template: unknown;
      fact: unknown;
    }>(`/cases/${caseId}/letters/surat_panggilan_1`, OFFICER, {
      hearingPlace: 'Ruang Rapat Inspektorat Lt. 2',
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({
      origin: 'generated',
      template: { id: 'surat_panggilan_1' },
      fact: { kind: 'surat_panggilan', sequence: 1 },
    });
    const again = await api.post<{ documentId: string }>(
      `/cases/${caseId}/letters/surat_panggilan_1`,
      OFFICER,
      {},
    );
    expect(again.body.documentId).toBe(issued.body.documentId);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'DocumentAttached'`,
        [caseId],
      ),
    ).toBe(1);

    const file = await download(OFFICER, `/cases/${caseId}/documents/${issued.body.documentId}/content`);
    expect(file.status).toBe(200);
    expect(sha256Hex(file.bytes)).toBe(issued.body.sha256);
    const { text } = await pdfText(file.bytes);
    expect(text).toContain('NOMOR PGL-1/2025');
    expect(text).toContain('Dedi Kurniawan');
    expect(text).not.toContain('KONSEP');
    // The hash is in the event, which is in the chain.
    const [event] = (await netral.dataSource.query(
      `SELECT data->>'sha256' AS sha FROM events WHERE stream_id = $1 AND type = 'DocumentAttached'`,
      [caseId],
    )) as { sha: string }[];
    expect(event.sha).toBe(issued.body.sha256);
  });
});

describe('uploads', () => {
  let scanId: string;
  let scan: Buffer;

  it('uploads a signed scan linked to its fact; a retry with the same key records nothing new', async () => {
    scan = await pdf('Surat Panggilan I PGL-1/2025 - ditandatangani dan diterima');
    const fields = {
      fact: 'surat_panggilan',
      sequence: '1',
      title: 'Surat Panggilan I (tanda terima)',
      sha256: sha256Hex(scan),
    };
    const headers = { 'Idempotency-Key': 'upload-scan-0001' };
    const first = await upload(OFFICER, { bytes: scan, name: 'panggilan-1.pdf' }, fields, headers);
    expect(first.status).toBe(201);
    scanId = first.body.documentId as string;
    expect(first.headers.get('location')).toBe(`/cases/${caseId}/documents/${scanId}`);
    expect(first.body).toMatchObject({
      caseId,
      fact: { kind: 'surat_panggilan', sequence: 1, name: 'Surat panggilan I' },
      factReference: 'PGL-1/2025',
      contentType: 'application/pdf',
      size: scan.length,
      sha256: sha256Hex(scan),
      origin: 'uploaded',
      withheld: false,
    });
    const before = await count(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [caseId]);
    const retry = await upload(OFFICER, { bytes: scan, name: 'panggilan-1.pdf' }, fields, headers);
    expect(retry.status).toBe(201);
    expect(retry.body.documentId).toBe(scanId);
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [caseId])).toBe(before);
    // The same key with another file is a mistake, not a retry.
    expectProblem(
      await upload(
        OFFICER,
        { bytes: await pdf('another'), name: 'x.pdf' },
        { fact: 'surat_panggilan' },
        headers,
      ),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('a JPEG proof of delivery, typed from its bytes whatever its name and declared type', async () => {
    const res = await upload(
      OFFICER,
      { bytes: TINY_JPEG, name: 'tanda-terima.pdf', type: 'application/pdf' },
      { fact: 'bukti_penyampaian_panggilan' },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ contentType: 'image/jpeg', factReference: 'TT-1' });
  });

  it('keeps a non-ASCII file name as the browser sent it (UTF-8), and names an empty file as empty', async () => {
    const own = await api.register(OFFICER); // its own case: the shared one's document count is asserted below
    const res = await upload(
      SUPERVISOR,
      { bytes: TINY_JPEG, name: 'Laporan Ñoño é.jpg', type: 'image/jpeg' },
      { fact: 'laporan' },
      {},
      own,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileName: 'Laporan Ñoño é.jpg' });
    const empty = await upload(
      SUPERVISOR,
      { bytes: Buffer.alloc(0), name: 'kosong.pdf' },
      { fact: 'laporan' },
      {},
      own,
    );
    expectProblem(empty, 400, 'FILE_REQUIRED');
    expect(empty.body.detail).toMatch(/empty/);
  });

  it('lists the documents in order and downloads one verified, with its digest', async () => {
    const list = await api.get<{ items: { documentId: string; fact: { kind: string } }[] }>(
      `/cases/${caseId}/documents`,
      OFFICER,
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((d) => d.fact.kind)).toEqual([
      'surat_panggilan',
      'surat_panggilan',
      'bukti_penyampaian_panggilan',
    ]);
    const file = await download(OFFICER, `/cases/${caseId}/documents/${scanId}/content`);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(scan)).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('repr-digest')).toBe(
      `sha-256=:${createHash('sha256').update(scan).digest('base64')}:`,
    );
    expect(file.headers.get('content-disposition')).toContain('panggilan-1.pdf');
    // Every download is in the access log.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM case_access_log WHERE case_id = $1 AND route LIKE '%/documents/:documentId/content'`,
        [caseId],
      ),
    ).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad input with problem documents and leaves nothing behind', async () => {
    const good = await pdf('x');
    expectProblem(
      await upload(
        OFFICER,
        { bytes: Buffer.from('plain text, not a PDF'), name: 'fake.pdf' },
        { fact: 'surat_panggilan' },
      ),
      415,
      'UNSUPPORTED_DOCUMENT_TYPE',
    );
    expectProblem(
      await upload(
        OFFICER,
        { bytes: Buffer.concat([good, Buffer.alloc(MAX_BYTES)]), name: 'big.pdf' },
        { fact: 'surat_panggilan' },
      ),
      413,
      'DOCUMENT_TOO_LARGE',
    );
    expectProblem(
      await upload(OFFICER, { bytes: good, name: 'a.pdf' }, { fact: 'surat_panggilan', sequence: '2' }),
      422,
      'UNKNOWN_FACT',
    );
    expectProblem(
      await upload(OFFICER, { bytes: good, name: 'a.pdf' }, { fact: 'keputusan_hukuman' }),
      422,
      'UNKNOWN_FACT',
    );
    expectProblem(
      await upload(OFFICER, { bytes: good, name: 'a.pdf' }, { fact: 'foto_selfie' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await upload(
        OFFICER,
        { bytes: good, name: 'a.pdf' },
        { fact: 'surat_panggilan', sha256: 'a'.repeat(64) },
      ),
      422,
      'CHECKSUM_MISMATCH',
    );
    expectProblem(await upload(OFFICER, null, { fact: 'surat_panggilan' }), 400, 'FILE_REQUIRED');
    expectProblem(
      await api.post(`/cases/${caseId}/documents`, OFFICER, { fact: 'surat_panggilan' }),
      400,
      'FILE_REQUIRED',
    );
    expectProblem(
      await upload(BOGOR_OFFICER, { bytes: good, name: 'a.pdf' }, { fact: 'surat_panggilan' }),
      404,
      'NOT_FOUND',
    );
    expectProblem(await upload(AUDITOR, { bytes: good, name: 'a.pdf' }, { fact: 'surat_panggilan' }), 403);
    expectProblem(await download(BOGOR_OFFICER, `/cases/${caseId}/documents`), 404);
    expectProblem(await download(OFFICER, `/cases/${caseId}/documents/DOC-NOPE/content`), 404);
    // The refused uploads left no staged upload and no unreferenced file.
    expect(await count(`SELECT count(*)::int AS n FROM document_uploads`)).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM document_blobs b WHERE NOT EXISTS (SELECT 1 FROM case_documents d WHERE d.sha256 = b.sha256)`,
      ),
    ).toBe(0);
  });

  it('a document naming the reporter is withheld from officers, not from supervisors', async () => {
    const report = await pdf('Laporan: pelapor Siti Rahma, Jl. Melati 5, Bekasi');
    const res = await upload(SUPERVISOR, { bytes: report, name: 'laporan.pdf' }, { fact: 'laporan' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      identifiesReporter: true,
      withheld: false,
      factReference: 'LAP-001/2025',
    });
    const id = res.body.documentId as string;
    const asOfficer = await api.get<Record<string, unknown>>(`/cases/${caseId}/documents/${id}`, OFFICER);
    expect(asOfficer.body).toMatchObject({ withheld: true, identifiesReporter: true });
    expect(asOfficer.body.fileName).toBeUndefined();
    expectProblem(
      await download(OFFICER, `/cases/${caseId}/documents/${id}/content`),
      403,
      'REPORTER_CONFIDENTIAL',
    );
    expect(
      (await download(SUPERVISOR, `/cases/${caseId}/documents/${id}/content`)).bytes.equals(report),
    ).toBe(true);
  });

  it('verification re-hashes every stored file; a tampered file is detected and not served', async () => {
    const ok = await api.post<{ ok: boolean; documents: { status: string }[] }>(
      `/cases/${caseId}/documents/verification`,
      AUDITOR,
      {},
    );
    expect(ok.status).toBe(200);
    expect(ok.body.ok).toBe(true);
    expect(ok.body.documents.every((d) => d.status === 'ok')).toBe(true);
    expectProblem(await api.post(`/cases/${caseId}/documents/verification`, OFFICER, {}), 403);

    const sha = sha256Hex(scan);
    // One byte changed in the stored copy, as an intruder with database access might.
    const tampered = Buffer.from(scan);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    await netral.dataSource.query(`UPDATE document_blobs SET content = $2 WHERE sha256 = $1`, [
      sha,
      tampered,
    ]);
    try {
      const res = await download(OFFICER, `/cases/${caseId}/documents/${scanId}/content`);
      expectProblem(res, 409, 'DOCUMENT_INTEGRITY_FAILED');
      expect(res.body).toMatchObject({ recordedSha256: sha, storedSha256: sha256Hex(tampered) });
      const report = await api.post<{
        ok: boolean;
        documents: { documentId: string; status: string; actualSha256: string }[];
      }>(`/cases/${caseId}/documents/verification`, AUDITOR, {});
      expect(report.body.ok).toBe(false);
      expect(report.body.documents.find((d) => d.documentId === scanId)).toMatchObject({
        status: 'altered',
        actualSha256: sha256Hex(tampered),
      });
    } finally {
      await netral.dataSource.query(`UPDATE document_blobs SET content = $2 WHERE sha256 = $1`, [sha, scan]);
    }
  });

  it('files staged by a request that died are swept; attached files stay', async () => {
    const repository = new DocumentRepository(netral.dataSource);
    const orphan = await pdf('orphan');
    await repository.stage({
      documentId: 'DOC-ORPHAN00001',
      caseId,
      bytes: orphan,
      sha256: sha256Hex(orphan),
      contentType: 'application/pdf',
    });
    expect(await repository.sweep(60_000)).toEqual({ uploads: 0, files: 0 });
    expect(await repository.sweep(0)).toEqual({ uploads: 1, files: 1 });
    expect(
      await count(`SELECT count(*)::int AS n FROM document_blobs WHERE sha256 = $1`, [sha256Hex(orphan)]),
    ).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM case_documents WHERE case_id = $1`, [caseId])).toBe(4);
  });
});

describe('the berkas', () => {
  it('one PDF: summary, timeline, every document in order, and a verification page with hashes and the chain head', async () => {
    const res = await download(SUPERVISOR, `/cases/${caseId}/berkas`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text, pages } = await pdfText(res.bytes);
    const docs = await api.get<{ items: { sha256: string }[] }>(`/cases/${caseId}/documents`, SUPERVISOR);
    const events = await api.get<{ items: { hash: string }[] }>(`/cases/${caseId}/events?limit=500`, AUDITOR);
    const head = events.body.items[events.body.items.length - 1].hash;
    expect(pages).toBeGreaterThanOrEqual(1 + 4 * 2 + 1);
    for (const phrase of [
      'BERKAS PERKARA',
      'KRONOLOGI',
      'Dokumen dilampirkan',
      'LAMPIRAN 1',
      'LAMPIRAN 4',
      'SURAT PANGGILAN I',
      'ditandatangani dan diterima',
      'pelapor Siti Rahma',
      'HALAMAN VERIFIKASI',
      'UTUH',
      head,
    ]) {
      expect(text).toContain(phrase);
    }
    for (const d of docs.body.items) expect(text).toContain(d.sha256);
    // The officer's berkas leaves the reporter's document out, but still lists its hash.
    const officer = await pdfText((await download(OFFICER, `/cases/${caseId}/berkas`)).bytes);
    expect(officer.text).not.toContain('pelapor Siti Rahma');
    expect(officer.text).toContain('dirahasiakan');
    for (const d of docs.body.items) expect(officer.text).toContain(d.sha256);
  });

  it('the endpoints are in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${netral.url}/docs-json`)).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/cases/{id}/documents',
      '/cases/{id}/documents/{documentId}/content',
      '/cases/{id}/documents/verification',
      '/cases/{id}/berkas',
      '/cases/{id}/letters/{templateId}/draft',
      '/cases/{id}/letters/{templateId}',
      '/letter-templates',
      '/agencies/{agency}/letter-settings',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
  });
});
