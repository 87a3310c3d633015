import type { RunningPostgres } from '../../libs/embedded-postgres/src';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __NETRAL_PG__?: RunningPostgres }).__NETRAL_PG__;
  await pg?.stop();
}
