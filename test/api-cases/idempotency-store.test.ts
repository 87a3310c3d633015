/**
 * The Idempotency-Key store against real PostgreSQL: what each outcome costs in round trips (a new key one
 * statement, its answer one more, a retry or a reused key two), and that the answer being stored after the
 * response (IdempotencyInterceptor) leaves every outcome exact: a retry that arrives while it is being
 * stored waits for it and replays it, another body is refused throughout.
 */
import { caseReadModelMigrations, openDataSource } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import {
  fingerprint,
  IdempotencyStore,
  type IdempotencyScope,
} from '../../apps/api/src/cases/idempotency/idempotency.store';
import { installRoundTripCounter, roundTripsPer } from '../../bench/round-trips';
import { createTestDatabase } from '../support/database';

installRoundTripCounter();

let source: DataSource;
let store: IdempotencyStore;
let serial = 0;

const scopeOf = (): IdempotencyScope => ({
  agency: 'kota-bekasi',
  callerId: 'supervisor-1',
  key: `key-${serial++}`,
});
const assign = (officerId: string) =>
  fingerprint('POST', '/cases/NTR-0000000000AB/assignment', { officerId });
const ANSWER = { status: 200, headers: { ETag: '"5"' }, body: { caseId: 'NTR-0000000000AB', version: 5 } };

beforeAll(async () => {
  const url = await createTestDatabase('idempotency_store');
  source = await openDataSource({ url, migrations: caseReadModelMigrations, poolSize: 1 });
  store = new IdempotencyStore(source);
  // The first claim also sweeps expired keys (every ten minutes): not part of what is counted below.
  await store.claim(scopeOf(), assign('officer-ani'));
  await store.sweep();
});
afterAll(async () => {
  await source?.destroy();
});

it('claims a new key in one statement and stores its answer in one more', async () => {
  const claims = await roundTripsPer(5, async () => {
    const claim = await store.claim(scopeOf(), assign('officer-ani'));
    expect(claim.outcome).toBe('run');
  });
  expect(claims).toMatchObject({ total: 1, commits: 1 });

  const scope = scopeOf();
  const claim = await store.claim(scope, assign('officer-ani'));
  if (claim.outcome !== 'run') throw new Error(`expected run, got ${claim.outcome}`);
  const answers = await roundTripsPer(1, () => store.answer(scope, claim.owner, ANSWER));
  expect(answers).toMatchObject({ total: 1, commits: 1 });
});

it('replays a retry and refuses another body, each in two statements (the claim, then the read)', async () => {
  const scope = scopeOf();
  const claim = await store.claim(scope, assign('officer-ani'));
  if (claim.outcome !== 'run') throw new Error(`expected run, got ${claim.outcome}`);
  await store.answer(scope, claim.owner, ANSWER);

  const replays = await roundTripsPer(3, async () => {
    expect(await store.claim(scope, assign('officer-ani'))).toEqual({ outcome: 'replay', answer: ANSWER });
  });
  expect(replays.total).toBe(2);
  const refusals = await roundTripsPer(3, async () => {
    expect(await store.claim(scope, assign('officer-budi'))).toEqual({
      outcome: 'mismatch',
      first: { method: 'POST', path: '/cases/NTR-0000000000AB/assignment' },
    });
  });
  expect(refusals.total).toBe(2);
});

it("replays the body as it was sent, keys in their order (not jsonb's)", async () => {
  const scope = scopeOf();
  const claim = await store.claim(scope, assign('officer-ani'));
  if (claim.outcome !== 'run') throw new Error(`expected run, got ${claim.outcome}`);
  // jsonb would put the shorter keys first: { id, caseId, version }.
  const body = { version: 5, caseId: 'NTR-0000000000AB', id: 1, nested: { zeta: 1, a: [2, 1] } };
  await store.answer(scope, claim.owner, { status: 201, headers: {}, body });

  const replay = await store.claim(scope, assign('officer-ani'));
  if (replay.outcome !== 'replay') throw new Error(`expected replay, got ${replay.outcome}`);
  expect(JSON.stringify(replay.answer.body)).toBe(JSON.stringify(body));
});

it('a retry arriving before the answer is stored waits for it and replays it; another body is refused meanwhile', async () => {
  const scope = scopeOf();
  const claim = await store.claim(scope, assign('officer-ani'));
  if (claim.outcome !== 'run') throw new Error(`expected run, got ${claim.outcome}`);

  // The response has left, its answer is not stored yet: the key is still claimed by the first request.
  const retry = store.claim(scope, assign('officer-ani'));
  expect(await store.claim(scope, assign('officer-budi'))).toMatchObject({ outcome: 'mismatch' });
  await store.answer(scope, claim.owner, ANSWER);
  expect(await retry).toEqual({ outcome: 'replay', answer: ANSWER });
});

it('a key released after a refusal is claimed again by the next request', async () => {
  const scope = scopeOf();
  const first = await store.claim(scope, assign('officer-ani'));
  if (first.outcome !== 'run') throw new Error(`expected run, got ${first.outcome}`);
  await store.release(scope, first.owner);
  expect(await store.claim(scope, assign('officer-budi'))).toMatchObject({ outcome: 'run' });
});
