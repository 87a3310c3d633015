import { randomUUID } from 'node:crypto';
import type { NewEvent, Projection } from '@netral/event-store';

export function event(type: string, data: Record<string, unknown> = {}, id = randomUUID()): NewEvent {
  return {
    id,
    type,
    data,
    metadata: { actorId: 'officer-1', role: 'officer', agency: 'kota-bekasi', correlationId: 'corr-1' },
    occurredAt: '2026-03-02T03:00:00.000Z',
  };
}

/** A small read model: one row per stream with its event count and last event type. */
export const streamSummary: Projection = {
  name: 'stream_summary',
  tables: [
    {
      name: 'test_stream_summary',
      ddl: (t) => [
        `CREATE TABLE ${t} (stream_id text PRIMARY KEY, events int NOT NULL, last_type text NOT NULL, last_version int NOT NULL)`,
        `CREATE INDEX ${t}_last_type_idx ON ${t} (last_type)`,
      ],
    },
  ],
  async apply(events, sql, tables) {
    for (const e of events) {
      await sql.query(
        `INSERT INTO ${tables.test_stream_summary} (stream_id, events, last_type, last_version) VALUES ($1, 1, $2, $3)
         ON CONFLICT (stream_id) DO UPDATE SET events = ${tables.test_stream_summary}.events + 1, last_type = $2, last_version = $3`,
        [e.streamId, e.type, e.version],
      );
    }
  },
};
