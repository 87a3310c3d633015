// createCaseWorker builds the zones' working calendars while the SDK creates the worker, so that the first
// command in a zone does not build one inside its append (bench/notes/s17-command-path3.md).
import { type NativeConnection, Worker } from '@temporalio/worker';
import { INDONESIAN_TIME_ZONES } from '@netral/domain';
import { buildIndonesianCalendar } from '@netral/domain/calendar';
import type { EventStore } from '@netral/event-store';
import type { CaseActivities } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { createCaseActivities } from './activities/case-activities';
import { createCaseWorker } from './case-worker';

jest.mock('@netral/domain/calendar', () => {
  const actual = jest.requireActual<typeof import('@netral/domain/calendar')>('@netral/domain/calendar');
  return { ...actual, buildIndonesianCalendar: jest.fn(actual.buildIndonesianCalendar) };
});

const build = jest.mocked(buildIndonesianCalendar);

describe("the worker's start-up", () => {
  beforeEach(() => jest.spyOn(Worker, 'create').mockResolvedValue({} as Worker));
  afterEach(() => jest.restoreAllMocks());

  const base = {
    connection: {} as NativeConnection,
    dataSource: {} as DataSource,
    activities: {} as CaseActivities,
    workflowBundle: { codePath: '/nonexistent/case-workflows.js' },
  };

  it('leaves an injected calendar alone', async () => {
    await createCaseWorker({ ...base, calendar: () => ({}) as never });
    expect(build).not.toHaveBeenCalled();
  });

  it("builds every zone's calendar, and the activities' first command builds none", async () => {
    await createCaseWorker(base);
    const zones = Object.keys(INDONESIAN_TIME_ZONES);
    expect(build.mock.calls.map(([options]) => options.timeZone).sort()).toEqual([...zones].sort());

    build.mockClear();
    const activities = createCaseActivities({
      dataSource: {} as DataSource,
      eventStore: {} as EventStore,
      channels: [],
    });
    // The configuration in force and the append's deadline planner read the same calendars.
    expect((await activities.loadCaseConfig({ caseId: 'c-1' })).calendar?.timeZone).toBe('Asia/Jakarta');
    expect(build).not.toHaveBeenCalled();
  });
});
