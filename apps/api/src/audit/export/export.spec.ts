import { csvCell, eventsToCsv } from './csv';
import { escapeHtml } from './html-timeline';
import { eventName, formatCivilDate, formatInstant, stageName } from './indonesian';
import type { AuditEvent } from '../case-history.service';

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+62812')).toBe("'+62812");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes a header and one CRLF-terminated line per event', () => {
    const event = {
      version: 1,
      position: 7,
      schemaVersion: 1,
      eventId: 'c:1',
      type: 'CaseRegistered',
      occurredAt: '2025-01-06T02:00:00.000Z',
      recordedAt: '2025-01-06T02:00:00.001Z',
      actor: { id: 'officer-ani', role: 'officer', agency: 'kota-bekasi' },
      reason: null,
      correlationId: null,
      causationId: null,
      metadata: {},
      redacted: false,
      data: { conduct: 'x, "y"' },
      previousHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
    } satisfies AuditEvent;
    const csv = eventsToCsv([event]);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]).toContain('"{""conduct"":""x, \\""y\\""""}"');
  });
});

describe('Indonesian dates and names', () => {
  it('writes civil dates and instants as Indonesian letters do, in the agency’s zone', () => {
    expect(formatCivilDate('2025-01-06')).toBe('6 Januari 2025');
    expect(formatCivilDate('2024-12-31')).toBe('31 Desember 2024');
    expect(formatCivilDate('not a date')).toBe('not a date');
    expect(formatInstant('2025-01-06T02:05:00Z')).toBe('6 Januari 2025 pukul 09.05 WIB');
    expect(formatInstant('2025-01-06T17:30:00Z', 'Asia/Makassar')).toBe('7 Januari 2025 pukul 01.30 WITA');
    expect(formatInstant('2025-08-16T15:00:00Z', 'Asia/Jayapura')).toBe('17 Agustus 2025 pukul 00.00 WIT');
  });

  it('names stages and events in Indonesian, falling back to the code', () => {
    expect(stageName('clarification')).toBe('Klarifikasi');
    expect(eventName('SanctionDecided')).toBe('Hukuman disiplin dijatuhkan');
    expect(eventName('SomethingNew')).toBe('SomethingNew');
  });
});

describe('escapeHtml', () => {
  it('turns every markup character into an entity', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')"> & co`)).toBe(
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; co',
    );
    expect(escapeHtml(undefined)).toBe('');
  });
});
