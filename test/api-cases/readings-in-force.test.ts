/**
 * The SKB 2022 reading in force is kept in memory by each API instance (registration reads it on every new
 * case) and forgotten when any instance stores a choice: two services on two connection pools to one
 * database stand for two API instances.
 */
import { caseReadModelMigrations, openDataSource } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import {
  CreateViolationReadingChoice1767000000000,
  NotifyViolationReadingChoice1767000000001,
} from '../../apps/api/src/catalogues/violation-reading.migration';
import { ViolationReadingService } from '../../apps/api/src/catalogues/violation-reading.service';
import { installRoundTripCounter, roundTripsPer } from '../../bench/round-trips';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/wait';

installRoundTripCounter();

const AGENCY = 'kota-bekasi';
let sources: DataSource[] = [];
let first: ViolationReadingService;
let second: ViolationReadingService;

beforeAll(async () => {
  const url = await createTestDatabase('readings_in_force');
  for (let i = 0; i < 2; i++) {
    sources.push(
      await openDataSource({
        url,
        migrations: [
          ...caseReadModelMigrations,
          CreateViolationReadingChoice1767000000000,
          NotifyViolationReadingChoice1767000000001,
        ],
        poolSize: 3,
      }),
    );
  }
  [first, second] = sources.map((s) => new ViolationReadingService(s));
  // As Nest does at start: each instance listens before it serves.
  await Promise.all(
    [first, second].map((s) =>
      (s as unknown as { inForceByAgency: { listen(): Promise<void> } }).inForceByAgency.listen(),
    ),
  );
});
afterAll(async () => {
  await Promise.all([first, second].map((s) => s?.onModuleDestroy()));
  await Promise.all(sources.map((s) => s.destroy()));
  sources = [];
});

it('serves the reading in force from memory once read', async () => {
  expect(await first.inForce(AGENCY)).toBe('moral_dan_disiplin');
  const trips = await roundTripsPer(5, () => first.inForce(AGENCY));
  expect(trips.total).toBe(0);
});

it('forgets it when another instance stores a choice, and at once on the instance that stored it', async () => {
  expect(await first.inForce(AGENCY)).toBe('moral_dan_disiplin');
  expect(await second.inForce(AGENCY)).toBe('moral_dan_disiplin');

  await second.choose(AGENCY, 'moral_saja', 'SE Wali Kota Bekasi 800/12/2025', 'admin-bekasi');
  expect(await second.inForce(AGENCY)).toBe('moral_saja');
  // The other instance learns it from the NOTIFY sent at the choice's commit.
  await waitFor(async () => (await first.inForce(AGENCY)) === 'moral_saja');

  // A choice stored outside any API instance (psql) is announced by the table's trigger too.
  await sources[0].query(
    `INSERT INTO violation_reading_choice (agency, reading, catalogue_version, reason, actor_id)
     VALUES ($1, 'moral_dan_disiplin', 'x', 'Kembali', 'dba')`,
    [AGENCY],
  );
  await waitFor(async () => (await first.inForce(AGENCY)) === 'moral_dan_disiplin');
  await waitFor(async () => (await second.inForce(AGENCY)) === 'moral_dan_disiplin');
  // Another agency's cached reading is untouched by these choices.
  expect(await first.inForce('kabupaten-bogor')).toBe('moral_dan_disiplin');
});

it('forgets everything when its listening connection is lost, and listens again', async () => {
  const listening = (s: ViolationReadingService) =>
    (s as unknown as { inForceByAgency: { listener: { listening: boolean } } }).inForceByAgency.listener
      .listening;
  expect(await first.inForce(AGENCY)).toBe('moral_dan_disiplin');

  // Both instances' LISTEN connections are cut (a PostgreSQL restart, a network loss).
  await sources[0].query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND query = 'LISTEN violation_reading_changed'`,
  );
  await waitFor(async () => !listening(first));
  // A choice committed now is announced to no one (reconnecting waits a second).
  await sources[1].query(
    `INSERT INTO violation_reading_choice (agency, reading, catalogue_version, reason, actor_id)
     VALUES ($1, 'moral_saja', 'x', 'Saat terputus', 'dba')`,
    [AGENCY],
  );
  expect(listening(first)).toBe(false);
  // Not served from memory while not listening, and nothing kept from before the loss once listening again.
  expect(await first.inForce(AGENCY)).toBe('moral_saja');
  await waitFor(async () => listening(first) && listening(second));
  expect(await first.inForce(AGENCY)).toBe('moral_saja');
  // The new connection hears the next choice.
  await second.choose(AGENCY, 'moral_dan_disiplin', 'Kembali', 'admin-bekasi');
  await waitFor(async () => (await first.inForce(AGENCY)) === 'moral_dan_disiplin');
});
