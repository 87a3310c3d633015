/**
 * Case-file exports over real HTTP: JSON (state + events + verification), CSV (one row per event, parsed
 * back here), and the printable HTML timeline in Bahasa Indonesia, which escapes markup typed into the
 * case. The reporter's identity is in an auditor's export and not in an officer's.
 */
import { startTestService, type TestService } from '../support/service';
import { createCase, http } from './support';

const LABEL = 'api_audit_export';
const AGENCY = 'kota-bekasi';
const CASE_ID = 'export-2025-007';
const CONDUCT = 'Mengunggah <script>alert("xss")</script> di grup WhatsApp, "kampanye" & ajakan memilih';

let netral: TestService;
let api: ReturnType<typeof http>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  netral = await startTestService(LABEL);
  api = http(netral);
  await createCase(netral, `cases-${LABEL}`, CASE_ID, AGENCY, { conduct: CONDUCT });
  tokens.auditor = await netral.token('auditor', AGENCY, { name: 'Inspektur Pembantu <b>II</b>' });
  tokens.officer = await netral.token('officer', AGENCY);
}, 50_000);
afterAll(async () => {
  await netral?.stop();
});

/** RFC 4180 parser (quoted fields, doubled quotes, CRLF), enough to check what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

describe('case-file export', () => {
  it('JSON: the state, every event and the chain verification, as an attachment', async () => {
    const res = await api.get(`/cases/${CASE_ID}/export?format=json`, tokens.auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const file = res.body;
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="kasus-${CASE_ID}-v${file.version}.json"`,
    );
    expect(file).toMatchObject({
      format: 'netral-case-file',
      formatVersion: 1,
      caseId: CASE_ID,
      confidentialRedacted: false,
      exportedBy: { role: 'auditor', agency: AGENCY },
      verification: { caseId: CASE_ID, ok: true, eventsChecked: file.version },
    });
    expect(file.events).toHaveLength(file.version);
    expect(file.state).toMatchObject({ version: file.version, stage: 'clarification', conduct: CONDUCT });
    expect(file.state.confidential.reporter).toMatchObject({ name: 'Siti Rahma' });
    // Same as the history endpoint.
    const history = await api.get(`/cases/${CASE_ID}/events?limit=1000`, tokens.auditor);
    expect(file.events).toEqual(history.body.items);

    // Without a format: JSON too.
    const plain = await api.get(`/cases/${CASE_ID}/export`, tokens.auditor);
    expect(plain.body.format).toBe('netral-case-file');
  });

  it('CSV: a header and one row per event that parses back to the events', async () => {
    const res = await api.get(`/cases/${CASE_ID}/export?format=csv`, tokens.auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(res.text);
    const [header, ...body] = rows;
    expect(header).toEqual([
      'version',
      'position',
      'event_id',
      'type',
      'occurred_at',
      'recorded_at',
      'actor_id',
      'actor_role',
      'actor_agency',
      'reason',
      'correlation_id',
      'causation_id',
      'redacted',
      'data',
      'previous_hash',
      'hash',
    ]);
    const events = (await api.get(`/cases/${CASE_ID}/events?limit=1000`, tokens.auditor)).body.items;
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="kasus-${CASE_ID}-v${events.length}.csv"`,
    );
    expect(body).toHaveLength(events.length);
    body.forEach((row, i) => {
      const record = Object.fromEntries(header.map((h, c) => [h, row[c]]));
      const e = events[i];
      expect(record).toMatchObject({
        version: String(e.version),
        event_id: e.eventId,
        type: e.type,
        recorded_at: e.recordedAt,
        actor_id: e.actor.id,
        actor_role: e.actor.role,
        hash: e.hash,
        previous_hash: e.previousHash,
      });
      expect(JSON.parse(record.data)).toEqual(e.data);
    });
    // Commas, quotes and markup in case data survive the round trip.
    const registered = JSON.parse(body[0][header.indexOf('data')]);
    expect(registered.conduct).toBe(CONDUCT);
  });

  it('HTML: a printable Indonesian timeline that escapes what people typed', async () => {
    const res = await api.get(`/cases/${CASE_ID}/export?format=html`, tokens.auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="kasus-export-2025-007-v\d+\.html"$/,
    );
    const html = res.text;
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="id">/);
    expect(html).toContain('Berkas Kasus Pelanggaran Netralitas ASN');
    expect(html).toContain('<h2>Kronologi</h2>');
    // Stage and event names in Indonesian, dates as Indonesian letters write them (WIB).
    for (const words of [
      'Laporan didaftarkan',
      'Petugas kasus ditunjuk',
      'Klarifikasi dimulai',
      'Penerimaan laporan',
    ]) {
      expect(html).toContain(words);
    }
    expect(html).toMatch(
      /\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4} pukul \d{2}\.\d{2} WIB/,
    );
    expect(html).toContain('@media print');
    expect(html).toContain('Utuh</span>: rantai hash');
    // Markup typed into the case (and into a token's name) is text, never markup; the page has no script.
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(html).toContain('&quot;kampanye&quot; &amp; ajakan');
    expect(html).not.toContain('<b>II</b>');
    expect(html).toContain('Inspektur Pembantu &lt;b&gt;II&lt;/b&gt;');
    expect(html).toContain('Siti Rahma'); // auditors may see the reporter
  });

  it('leaves the reporter’s identity out of an officer’s export in every format', async () => {
    for (const format of ['json', 'csv', 'html']) {
      const res = await api.get(`/cases/${CASE_ID}/export?format=${format}`, tokens.officer);
      expect([format, res.status]).toEqual([format, 200]);
      expect(res.text).not.toContain('Siti Rahma');
      expect(res.text).not.toContain('Jl. Melati');
    }
    const json = (await api.get(`/cases/${CASE_ID}/export?format=json`, tokens.officer)).body;
    expect(json.confidentialRedacted).toBe(true);
    expect(json.state.confidential).toEqual({ reporter: null });
    expect(json.events.find((e: { type: string }) => e.type === 'ReporterIdentityRecorded')).toMatchObject({
      redacted: true,
      data: { redacted: true },
    });
    const html = (await api.get(`/cases/${CASE_ID}/export?format=html`, tokens.officer)).text;
    expect(html).toContain('dirahasiakan');
  });

  it('refuses an unknown format', async () => {
    const res = await api.get(`/cases/${CASE_ID}/export?format=xml`, tokens.auditor);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
