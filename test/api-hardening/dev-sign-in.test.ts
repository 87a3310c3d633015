/**
 * `POST /auth/dev-sign-in` mints a token of any role and agency for whoever asks. The API-only entry with a
 * local secret (deploy/compose.yaml: AUTH_LOCAL_SECRET, listening on 0.0.0.0) served it too, so anyone who
 * reached the port could sign in as a national admin. Now it exists there only with AUTH_DEV_SIGN_IN=true.
 */
import { platformConfigFromEnv } from '../../apps/api/src/platform';
import { startTestService, TEST_SECRET, type TestService } from '../support/service';
import { Api, expectProblem } from '../api-cases/support';

let netral: TestService;
let api: Api;

beforeAll(async () => {
  // The settings the API-only entry (main.ts) reads, with the test's secret: no embedded data directory.
  const { auth } = await platformConfigFromEnv({
    AUTH_LOCAL_SECRET: TEST_SECRET,
    AUTH_ISSUER: 'netral-local',
    AUTH_AUDIENCE: 'netral-api',
  });
  netral = await startTestService('api_dev_sign_in', { platform: { auth } });
  api = new Api(netral);
}, 120_000); // the whole service starts here; slow on a loaded CI machine
afterAll(async () => {
  await netral?.stop();
});

it('does not exist, so nobody signs in as a national admin', async () => {
  expectProblem(await api.post('/auth/dev-sign-in', undefined, { role: 'admin', agency: '*' }), 404);
  // The console is told to sign in locally still; tokens from `npm run token` (the same secret) work.
  expect((await api.get('/auth/config', { role: 'officer', agency: 'kota-bekasi' })).body).toEqual({
    mode: 'local',
  });
  const cases = await api.get('/cases', { role: 'officer', agency: 'kota-bekasi', sub: 'officer-ani' });
  expect(cases.status).toBe(200);
});
