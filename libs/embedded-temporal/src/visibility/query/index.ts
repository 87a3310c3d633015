/**
 * Temporal visibility (List Filter) queries → PostgreSQL conditions on `temporal.executions_visibility`.
 * Pure: no I/O; see README.md for the supported language and the differences from the real server.
 */
export { type SearchAttributeType } from './attributes';
export { InvalidVisibilityQueryError } from './errors';
export { type TranslatedQuery, type TranslateOptions, translateVisibilityQuery } from './translate';
