/**
 * The Temporal payload converter of the API's client and of the worker (`payloadConverterPath`; bundled into
 * the workflow code too): the SDK's default (undefined, binary, JSON, in that order) with the JSON
 * converter's UTF-8 step done by the native TextEncoder/TextDecoder instead of `@temporalio/common`'s
 * JavaScript encoder. The workflow sandbox has both (the SDK injects Node's into every workflow context). The
 * payloads are the same bytes (JSON.stringify's output is always well-formed UTF-16, so both encoders agree
 * on every string; payload-converter.spec.ts compares them), so histories, replay and the codec are
 * unaffected; only CPU changes: a registration carries the ~27 KB case configuration, whose JavaScript
 * encoding was the largest single slice of the API's CPU per registration (bench/notes/s14-command-path.md),
 * and each command's update, local activity and answer are decoded and encoded in the workflow thread and
 * the worker's main thread (bench/notes/s17-command-path2.md).
 */
import {
  BinaryPayloadConverter,
  CompositePayloadConverter,
  encodingKeys,
  encodingTypes,
  METADATA_ENCODING_KEY,
  type Payload,
  type PayloadConverterWithEncoding,
  UndefinedPayloadConverter,
  ValueError,
} from '@temporalio/common';

const encoder = new TextEncoder();
// ignoreBOM: a leading U+FEFF is kept, as the SDK's decoder keeps it (JSON text never starts with one).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export class NativeJsonPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.METADATA_ENCODING_JSON;

  toPayload(value: unknown): Payload | undefined {
    if (value === undefined) return undefined;
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      return undefined;
    }
    return {
      metadata: { [METADATA_ENCODING_KEY]: encodingKeys.METADATA_ENCODING_JSON },
      // A function or a symbol has no JSON text: empty data, as the SDK's `encode(undefined)` gives.
      data: encoder.encode(json),
    };
  }

  fromPayload<T>(content: Payload): T {
    if (content.data === undefined || content.data === null) throw new ValueError('Got payload with no data');
    return JSON.parse(decoder.decode(content.data)) as T;
  }
}

export const payloadConverter = new CompositePayloadConverter(
  new UndefinedPayloadConverter(),
  new BinaryPayloadConverter(),
  new NativeJsonPayloadConverter(),
);
