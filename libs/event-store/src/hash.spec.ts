import fc from 'fast-check';
import { canonicalHalves, eventHash } from './hash';
import { createHash } from 'node:crypto';

const content = fc.record({
  id: fc.uuid(),
  streamId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,30}$/),
  version: fc.integer({ min: 1, max: 100_000 }),
  type: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,20}$/),
  schemaVersion: fc.integer({ min: 1, max: 9 }),
  // Any JSON, including keys named recordedAt and strings that look like the cut.
  data: fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown),
  metadata: fc.record({
    actorId: fc.string(),
    role: fc.constant('officer'),
    recordedAt: fc.constantFrom('', '"recordedAt":"', '2026-01-01T00:00:00.000Z'),
    note: fc.string(),
  }),
  occurredAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
});

describe('canonicalHalves', () => {
  it('hashed with the recording time between its halves gives exactly eventHash', () => {
    fc.assert(
      fc.property(
        content,
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        (c, recorded, previousHash) => {
          const event = { ...c, occurredAt: c.occurredAt.toISOString() };
          const recordedAt = recorded.toISOString();
          const { head, tail } = canonicalHalves(event);
          // What append_events computes in PostgreSQL.
          const database = createHash('sha256')
            .update(`${previousHash}\n${head}${recordedAt}${tail}`)
            .digest('hex');
          expect(database).toBe(eventHash(previousHash, { ...event, recordedAt }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
