/**
 * `npm run seed`: a few realistic demo cases from Kota Bekasi, Kabupaten Bogor and Kota Kediri, entered
 * through the HTTP API as the officers, supervisors and PPKs of those governments would enter them. Run it
 * while `npm start` is running. It is safe to run twice: every request carries an Idempotency-Key derived
 * from the case and step, so a second run changes nothing.
 *
 * Settings: API_URL (default http://localhost:$PORT, PORT defaulting to 3000 like `npm start`); tokens are
 * minted like `npm run token` does (AUTH_LOCAL_SECRET, or the secret `npm start` keeps in
 * $NETRAL_DATA_DIR/auth-secret). A demo case registered on an earlier day (its dates are relative to
 * today, so its requests differ) is left as it is.
 */
import { join } from 'node:path';
import { loadOrCreateLocalSecret } from '../apps/api/src/platform/auth/local-secret';
import { mintLocalToken } from '../apps/api/src/platform/auth/local-token';
import { API_URL, type Role, send } from './seed/api';
import { DEMO_CASES } from './seed/demo-cases';
import { seedDirectory } from './seed/directory';

/** The registration was done on an earlier run (the key is bound to that day's request, or the case exists). */
const ALREADY_SEEDED = new Set(['IDEMPOTENCY_KEY_REUSED', 'CASE_ALREADY_EXISTS', 'CASE_ALREADY_REGISTERED']);

async function main(): Promise<void> {
  const secret =
    process.env.AUTH_LOCAL_SECRET?.trim() ||
    (await loadOrCreateLocalSecret(process.env.NETRAL_DATA_DIR ?? join(process.cwd(), '.data'))).secret;
  const tokens = new Map<string, string>();
  const token = async (role: Role, agency: string) => {
    const key = `${role}:${agency}`;
    if (!tokens.has(key)) tokens.set(key, await mintLocalToken({ secret, role, agency, ttl: '1h' }));
    return tokens.get(key)!;
  };

  // Before the cases, so their first reminders already find their recipients.
  await seedDirectory(token);

  for (const demo of DEMO_CASES) {
    let caseId = '';
    const steps = demo.steps();
    for (const [i, step] of steps.entries()) {
      const url = step.path ? `${API_URL}/cases/${caseId}/${step.path}` : `${API_URL}/cases`;
      const response = await send(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await token(step.as, demo.agency)}`,
          'content-type': 'application/json',
          'idempotency-key': `seed-${demo.key}-${i}`,
        },
        body: JSON.stringify(step.body),
      });
      const answer = (await response.json().catch(() => {
        throw new Error(
          `${API_URL} answered ${response.status} without JSON: is that the Netral API? Set PORT or API_URL.`,
        );
      })) as {
        caseId?: string;
        stage?: string;
        detail?: string;
        code?: string;
      };
      if (!step.path && ALREADY_SEEDED.has(answer.code ?? '')) {
        console.log(`${demo.agency.padEnd(12)} ${demo.key}: seeded on an earlier run, left as it is`);
        break;
      }
      if (!response.ok) {
        throw new Error(
          `${demo.key}, step ${i} (${step.path || 'register'}): ${response.status} ${answer.code}: ${answer.detail}`,
        );
      }
      if (!step.path) caseId = answer.caseId ?? (response.headers.get('location') ?? '').split('/').pop()!;
      if (i === steps.length - 1) console.log(`${demo.agency.padEnd(12)} ${caseId}  ${answer.stage}`);
    }
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
