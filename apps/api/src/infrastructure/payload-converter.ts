// The API client's `payloadConverterPath`: the converter the worker and the workflow code use too
// (libs/workflows/src/payload-converter.ts).
export { NativeJsonPayloadConverter, payloadConverter } from '@netral/workflows/payload-converter';
