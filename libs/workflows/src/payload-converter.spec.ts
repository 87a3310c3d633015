import { defaultPayloadConverter } from '@temporalio/common';
import { caseConfigSource } from './config';
import fc from 'fast-check';
import { payloadConverter } from './payload-converter';

/** The payload as its protobuf fields carry it: metadata and data as plain bytes. */
const bytesOf = (payload: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, [...v]])),
  data: payload.data ? [...payload.data] : null,
});

describe('the native JSON payload converter', () => {
  it('gives the SDK default converter’s bytes for the case configuration a registration carries', () => {
    const config = caseConfigSource()();
    const ours = payloadConverter.toPayload(config);
    expect(bytesOf(ours)).toEqual(bytesOf(defaultPayloadConverter.toPayload(config)));
    expect(payloadConverter.fromPayload(ours)).toEqual(JSON.parse(JSON.stringify(config)));
  });

  it('gives the same bytes as the default for any JSON value, non-ASCII and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const v of [value, text, { text, value }]) {
          const ours = payloadConverter.toPayload(v);
          expect(bytesOf(ours)).toEqual(bytesOf(defaultPayloadConverter.toPayload(v)));
          expect(payloadConverter.fromPayload(ours)).toEqual(defaultPayloadConverter.fromPayload(ours));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the default’s handling of undefined and binary values', () => {
    const bytes = new Uint8Array([1, 2, 255]);
    expect(bytesOf(payloadConverter.toPayload(undefined))).toEqual(
      bytesOf(defaultPayloadConverter.toPayload(undefined)),
    );
    expect(bytesOf(payloadConverter.toPayload(bytes))).toEqual(
      bytesOf(defaultPayloadConverter.toPayload(bytes)),
    );
    expect(payloadConverter.fromPayload(payloadConverter.toPayload(bytes))).toEqual(bytes);
  });

  it('gives what the default gives for a value without JSON text (empty data)', () => {
    for (const v of [() => 1, Symbol('x')]) {
      expect(bytesOf(payloadConverter.toPayload(v))).toEqual(bytesOf(defaultPayloadConverter.toPayload(v)));
    }
  });
});
