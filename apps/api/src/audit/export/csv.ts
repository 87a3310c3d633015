/**
 * CSV (RFC 4180) for case-file exports: one row per event. Every cell is quoted when it needs to be, and a
 * cell that a spreadsheet would run as a formula (starting with = + - @ or a control character) is
 * prefixed with an apostrophe (OWASP "CSV injection"), since case data is typed in by people. Bidi
 * controls and other invisible format characters are shown as [U+XXXX] markers (see text-safety.ts).
 */
import { neutraliseForDisplay } from '@netral/domain';
import type { AuditEvent } from '../case-history.service';

export const EVENT_CSV_COLUMNS = [
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
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  const raw = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  // Invisible format characters first, so that a hidden one cannot shield a formula from the check below.
  let text = neutraliseForDisplay(raw);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',');
}

/** The events as CSV with a header line; lines end with CRLF as RFC 4180 says. */
export function eventsToCsv(events: readonly AuditEvent[]): string {
  const lines = [csvLine(EVENT_CSV_COLUMNS)];
  for (const e of events) {
    lines.push(
      csvLine([
        e.version,
        e.position,
        e.eventId,
        e.type,
        e.occurredAt,
        e.recordedAt,
        e.actor.id,
        e.actor.role,
        e.actor.agency,
        e.reason,
        e.correlationId,
        e.causationId,
        e.redacted,
        JSON.stringify(e.data),
        e.previousHash,
        e.hash,
      ]),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
