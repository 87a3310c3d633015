/** A case's Temporal workflow history over real HTTP: summarised (key attributes) and raw. */
import { startTestService, type TestService } from '../support/service';
import { createCase, http, waitFor } from './support';

const LABEL = 'api_audit_wf_history';
const BEKASI = 'kota-bekasi';
const CASE_A = 'wf-bks-001';

let netral: TestService;
let api: ReturnType<typeof http>;
const tokens: Record<string, string> = {};

interface Summary {
  eventId: number;
  type: string;
  time: string | null;
  attributes: Record<string, unknown>;
}

beforeAll(async () => {
  netral = await startTestService(LABEL);
  api = http(netral);
  const queue = `cases-${LABEL}`;
  await createCase(netral, queue, CASE_A, BEKASI);
  tokens.auditor = await netral.token('auditor', BEKASI);
}, 50_000);
afterAll(async () => {
  await netral?.stop();
});

describe('workflow history', () => {
  it('summarises every event of the case workflow: updates with command and actor, activities, timers', async () => {
    // The workflow starts the clarification deadline's timer just after recording it: wait for that task.
    const res = await waitFor(async () => {
      const r = await api.get(`/cases/${CASE_A}/workflow-history`, tokens.auditor);
      expect(r.status).toBe(200);
      return r.text.includes('"TimerStarted"') ? r : undefined;
    });
    expect(res.body).toMatchObject({ caseId: CASE_A, workflowId: CASE_A });
    const [run] = res.body.runs as { runId: string; continuedFromRunId: string | null; events: Summary[] }[];
    expect(res.body.runs).toHaveLength(1);
    expect(run.continuedFromRunId).toBeNull();
    expect(run.events[0]).toMatchObject({
      eventId: 1,
      type: 'WorkflowExecutionStarted',
      attributes: { workflowType: 'sanctionCase', taskQueue: `cases-${LABEL}` },
    });
    expect(run.events.map((e) => e.eventId)).toEqual(run.events.map((_e, i) => i + 1));
    for (const e of run.events) expect(Date.parse(e.time!)).not.toBeNaN();

    const updates = run.events.filter((e) => e.type === 'WorkflowExecutionUpdateAccepted');
    expect(
      updates.map((u) => [u.attributes.updateName, u.attributes.command, u.attributes.actorRole]),
    ).toEqual([
      ['caseCommand', 'RegisterReport', 'officer'],
      ['caseCommand', 'AssignOfficer', 'supervisor'],
      ['caseCommand', 'StartClarification', 'officer'],
    ]);
    expect(updates[1].attributes.updateId).toBe(`assign-${CASE_A}`);
    const completed = run.events.filter((e) => e.type === 'WorkflowExecutionUpdateCompleted');
    expect(completed.every((c) => c.attributes.outcome === 'success')).toBe(true);
    // Events are appended by a local activity in the command's own workflow task (append-events-locally):
    // markers in the history, not activity tasks.
    const markers = run.events.filter((e) => e.type === 'MarkerRecorded').map((e) => e.attributes.markerName);
    expect(markers).toEqual(expect.arrayContaining(['core_local_activity']));
    const activities = run.events
      .filter((e) => e.type === 'ActivityTaskScheduled')
      .map((e) => e.attributes.activityType);
    expect(activities).not.toContain('appendCaseEvents');
    expect(
      run.events.some((e) => e.type === 'TimerStarted' && typeof e.attributes.timerId === 'string'),
    ).toBe(true);
    // The summary never decodes command data: the reporter's identity stays out of it.
    expect(res.text).not.toContain('Siti Rahma');
  });

  it('returns Temporal’s own JSON with raw=true, and refuses other values', async () => {
    const summary = await api.get(`/cases/${CASE_A}/workflow-history`, tokens.auditor);
    const res = await api.get(`/cases/${CASE_A}/workflow-history?raw=true`, tokens.auditor);
    expect(res.status).toBe(200);
    const [run] = res.body.runs as {
      eventCount: number;
      raw: { events: { eventId: string; eventType: string }[] };
    }[];
    expect(run.raw.events.length).toBeGreaterThanOrEqual(summary.body.runs[0].eventCount);
    expect(run.raw.events[0]).toMatchObject({
      eventId: '1',
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
    });
    expect((await api.get(`/cases/${CASE_A}/workflow-history?raw=yes`, tokens.auditor)).status).toBe(400);
  });
});
