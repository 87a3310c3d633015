/**
 * Proto3 JSON (https://protobuf.dev/programming-guides/json/) over the protobufjs reflection of
 * `@temporalio/proto`, as Temporal's HTTP API speaks it: lowerCamelCase names out (either name in), int64 as
 * strings, enums by name, bytes base64, Timestamp RFC 3339, Duration "1.5s", Any with "@type", wrappers and
 * Struct as plain values; plus Temporal's payload shorthand (api-go `common/v1/payload_json.go`): a
 * `json/plain` payload is its JSON value, `Payloads` an array of them, unless the caller asks for
 * `noPayloadShorthand`.
 */
export { decodeBase64, findField, JsonMappingError, type JsonOptions } from './proto-json/shared';
export { formatDuration, formatTimestamp, messageToJson } from './proto-json/to-json';
export {
  enumFromJson,
  messageFromJson,
  parseDuration,
  parseTimestamp,
  plainFromJson,
  scalarFromJson,
} from './proto-json/from-json';
