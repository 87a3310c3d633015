import * as fs from 'node:fs';
import type { RunningPostgres } from '../../libs/embedded-postgres/src';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __NETRAL_PG__?: RunningPostgres; __NETRAL_BUNDLES__?: string };
  await state.__NETRAL_PG__?.stop();
  if (state.__NETRAL_BUNDLES__) fs.rmSync(state.__NETRAL_BUNDLES__, { recursive: true, force: true });
}
