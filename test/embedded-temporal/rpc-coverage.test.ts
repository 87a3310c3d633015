/**
 * Every RPC that the SDK or the Temporal CLI can send (all methods of the workflow, operator and test
 * services in `@temporalio/proto`'s descriptors) is either served or on the documented not-supported list,
 * and the server answers exactly the listed ones (and nothing else) with UNIMPLEMENTED naming the method and
 * the reason. The README lists the same RPCs.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { NOT_SUPPORTED, TIME_SKIPPING_ONLY } from '@netral/embedded-temporal/grpc/not-supported';
import { methodNames, serviceDefinition, SERVICES } from '@netral/embedded-temporal/grpc/service-definitions';
import { createTestDatabase } from '../support/database';

let server: RunningTemporalServer;
const clients: grpc.Client[] = [];

beforeAll(async () => {
  server = await startTemporalServer({ databaseUrl: await createTestDatabase('rpc-coverage') });
  await server.ready;
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

/** Calls a method with an empty request; resolves with the gRPC status (OK or the error's). */
function callEmpty(
  client: grpc.Client,
  fullName: string,
  method: string,
): Promise<{ code: number; details: string }> {
  const def = serviceDefinition(fullName)[method];
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      def.path,
      def.requestSerialize,
      def.responseDeserialize,
      {},
      new grpc.Metadata(),
      { deadline: Date.now() + 3000 },
      (err) =>
        resolve(err ? { code: err.code, details: err.details } : { code: grpc.status.OK, details: '' }),
    );
  });
}

const services = Object.entries(SERVICES) as [keyof typeof SERVICES, string][];

it('lists each RPC at most once, with a reason, and only RPCs that exist', () => {
  for (const [key, fullName] of services) {
    const methods = new Set(methodNames(fullName));
    for (const [method, reason] of Object.entries(NOT_SUPPORTED[key])) {
      expect({ method, exists: methods.has(method) }).toEqual({ method, exists: true });
      expect(reason.length).toBeGreaterThan(10);
    }
  }
});

it.each(services)(
  'answers the %s service: served RPCs are not UNIMPLEMENTED, the others name the method and the reason',
  async (key, fullName) => {
    const client = new grpc.Client(server.address, grpc.credentials.createInsecure());
    clients.push(client);
    const wrong: string[] = [];
    for (const method of methodNames(fullName)) {
      const { code, details } = await callEmpty(client, fullName, method);
      // Without time skipping the TestService is absent, as on a real cluster.
      const reason = key === 'test' ? TIME_SKIPPING_ONLY : NOT_SUPPORTED[key][method];
      if (reason) {
        if (code !== grpc.status.UNIMPLEMENTED || !details.includes(method) || !details.includes(reason))
          wrong.push(`${method} should be UNIMPLEMENTED with its reason, got ${code} ${details}`);
      } else if (code === grpc.status.UNIMPLEMENTED) {
        wrong.push(`${method} is neither served nor on the not-supported list: ${details}`);
      }
    }
    expect(wrong).toEqual([]);
  },
);

it('documents every not-supported RPC in the README', () => {
  const readme = readFileSync(path.join(__dirname, '../../libs/embedded-temporal/README.md'), 'utf8');
  const undocumented = services.flatMap(([key]) =>
    Object.keys(NOT_SUPPORTED[key]).filter((m) => !readme.includes(`\`${m}\``)),
  );
  expect(undocumented).toEqual([]);
});
