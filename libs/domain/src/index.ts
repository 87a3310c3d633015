// @netral/domain — the sanction case as a pure, event-sourced decider. Safe inside Temporal's deterministic
// workflow sandbox: no I/O, no clock, no randomness, no framework. The holiday-library adapter lives in the
// separate entry point @netral/domain/calendar (for activities), so this bundle stays small.
export * from './errors';
export * from './time';
export * from './catalogue';
export * from './deadlines';
export * from './case';
export * from './text/text-safety';
export { deepFreeze } from './freeze';
export { sanctionCaseDecider, type Decider } from './decider';
export { deadlineRecorded } from './stages/system';
