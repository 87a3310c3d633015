// execute() takes the update validator's decision instead of deciding again when nothing decide() reads has
// changed (decided.ts), and decides again otherwise.
import {
  type CaseCommand,
  type CaseState,
  decide,
  DEFAULT_AGENCIES,
  DEFAULT_CATALOGUES,
  DEFAULT_DEADLINE_POLICY,
  evolve,
  initialState,
} from '@netral/domain';
import { OFFICER, SUPERVISOR, TEST_CALENDAR, cmd, contextFor } from '@netral/domain/testing/fixtures';
import type { CaseConfig } from '../activities';
import { type Decision, sameJson } from './decided';
import { type Patches, decisionContext, execute } from './execute';
import { type CaseRun, appendCaseEventsLocally } from './run';

jest.mock('@netral/domain', () => {
  const actual = jest.requireActual<typeof import('@netral/domain')>('@netral/domain');
  return { ...actual, decide: jest.fn(actual.decide) };
});
jest.mock('./run', () => ({
  ...jest.requireActual<typeof import('./run')>('./run'),
  appendCaseEventsLocally: jest.fn(),
  // It reads workflowInfo(), which needs a workflow context.
  eventMetadata: () => ({}),
}));

const decideSpy = jest.mocked(decide);
const append = jest.mocked(appendCaseEventsLocally);
const patches: Patches = { appendsLocally: () => true, recordsWithCommand: () => false };
const config: CaseConfig = {
  catalogues: DEFAULT_CATALOGUES,
  policy: DEFAULT_DEADLINE_POLICY,
  calendar: TEST_CALENDAR,
  agencies: DEFAULT_AGENCIES,
  violationReading: null,
  continueAsNewAfterHistoryEvents: 5_000,
};

function registered(): CaseState {
  const context = contextFor({ actor: OFFICER });
  return decide(cmd.register(), initialState, context).reduce(evolve, initialState);
}

function runAt(state: CaseState): CaseRun {
  return {
    caseId: 'case-2025-001',
    state,
    officerVersion: state.version,
    config,
    plans: {},
    skipped: new Set(),
    adopted: new Map(),
    unplanned: new Set(),
    policiesLoaded: new Set(),
    deliver: () => undefined,
  };
}

/** What the validator stores: decided on a decoded copy of the request. */
function validated(run: CaseRun, command: CaseCommand): Decision {
  const copy = structuredClone(command);
  const actor = structuredClone(SUPERVISOR);
  const context = decisionContext(run.config, actor);
  const events = decide(copy, run.state, context);
  return { command: copy, actor, state: run.state, config: run.config, now: context.now, events };
}

describe("execute and the validator's decision", () => {
  let now = Date.parse('2025-01-07T02:00:00Z');
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    append.mockImplementation((input) =>
      Promise.resolve({
        nextExpectedVersion: input.expectedVersion + input.events.length,
        alreadyAppended: false,
      }),
    );
  });
  afterEach(() => {
    jest.restoreAllMocks();
    decideSpy.mockClear();
    append.mockReset();
  });

  const assign = cmd.assign();
  const x = (decided?: Decision) => ({
    command: assign,
    actor: SUPERVISOR,
    meta: {},
    key: 'update:u-1',
    decided,
  });

  it('appends the validated events without deciding again in the same activation', async () => {
    const run = runAt(registered());
    const decision = validated(run, assign);
    decideSpy.mockClear();
    const events = await execute(run, patches, x(decision));
    expect(decideSpy).not.toHaveBeenCalled();
    expect(events).toBe(decision.events);
    expect(append.mock.calls[0]![0].events.map((e) => e.type)).toEqual(decision.events.map((e) => e.type));
    expect(run.state.version).toBe(decision.state.version + decision.events.length);
  });

  it('decides again when the state, the workflow time or the command changed since', async () => {
    const first = runAt(registered());
    const moved = validated(first, assign);
    const run = runAt(registered()); // an equal state, another object: a command ran in between
    decideSpy.mockClear();
    await execute(run, patches, x(moved));
    expect(decideSpy).toHaveBeenCalledTimes(1);

    const later = runAt(registered());
    const earlier = validated(later, assign);
    now += 1_000; // the handler runs in a later activation
    decideSpy.mockClear();
    await execute(later, patches, x(earlier));
    expect(decideSpy).toHaveBeenCalledTimes(1);

    const other = runAt(registered());
    const forOther = validated(other, cmd.assign('officer-budi'));
    decideSpy.mockClear();
    await execute(other, patches, x(forOther));
    expect(decideSpy).toHaveBeenCalledTimes(1);
  });

  it('compares JSON values by value', () => {
    expect(sameJson({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: undefined }, { b: undefined })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
