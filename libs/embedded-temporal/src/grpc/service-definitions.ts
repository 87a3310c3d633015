/**
 * grpc-js service definitions built from the protobufjs root in `@temporalio/proto` (no hand-copied
 * protos): each method's request/response types (de)serialise with protobufjs.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { Method, Type } from 'protobufjs';
import { root } from '../proto';

export const SERVICES = {
  workflow: 'temporal.api.workflowservice.v1.WorkflowService',
  operator: 'temporal.api.operatorservice.v1.OperatorService',
  test: 'temporal.api.testservice.v1.TestService',
} as const;

export function serviceDefinition(fullName: string): ServiceDefinition {
  const service = root.lookupService(fullName);
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of Object.values(service.methods) as Method[]) {
    method.resolve();
    const requestType = method.resolvedRequestType as Type;
    const responseType = method.resolvedResponseType as Type;
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (value: unknown) => asBuffer(requestType.encode(value as object).finish()),
      requestDeserialize: (bytes: Buffer) => requestType.decode(bytes),
      responseSerialize: (value: unknown) => asBuffer(responseType.encode(value as object).finish()),
      responseDeserialize: (bytes: Buffer) => responseType.decode(bytes),
    };
  }
  return definition as ServiceDefinition;
}

/** protobufjs' writer gives a Buffer in Node already: no copy of every message (Buffer.from copied). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function methodNames(fullName: string): string[] {
  return Object.keys(root.lookupService(fullName).methods);
}
