// Read models of sanction cases, kept inline with the event store (same transaction as the append):
// - case_summary: one row per case for lists and search (stage, ASN, officer, next due date, letter numbers);
// - case_deadlines: every recorded deadline, open or closed, with its due date and calendar version;
// - notification_outbox: reminders and escalations waiting for (or done with) delivery.
// The summary keeps the folded case state (reporter identity removed) so each append only folds its own
// events; which deadlines are still open is the domain's answer (openDeadlines), not a copy of its rules.
import {
  type CaseEvent,
  type CaseState,
  DEFAULT_DEADLINE_POLICY,
  type DeadlineRuleId,
  evolve,
  getRule,
  initialState,
  openDeadlines,
} from '@netral/domain';
import type { Projection, SqlExecutor } from '../projections/projection';
import type { StoredEvent } from '../types';

export const CASE_SUMMARY_TABLE = 'case_summary';
export const CASE_DEADLINES_TABLE = 'case_deadlines';
export const NOTIFICATION_OUTBOX_TABLE = 'notification_outbox';

/** Fields of event data that carry a letter, decree or report number an officer may search for. */
const REFERENCE_FIELDS = [
  'letterNumber',
  'decreeNumber',
  'letterReference',
  'reportReference',
  'reference',
  'number',
  'decisionRef',
  'minutesRef',
  'proofRef',
  'deliveryProofRef',
] as const;

function referencesOf(event: CaseEvent): string[] {
  const data = event.data as unknown as Record<string, unknown>;
  const found = REFERENCE_FIELDS.map((f) => data[f]).filter((v): v is string => typeof v === 'string');
  const source = data.source as { reference?: unknown } | undefined;
  if (typeof source?.reference === 'string') found.push(source.reference);
  return found;
}

function ruleName(ruleId: string): string {
  try {
    return getRule(DEFAULT_DEADLINE_POLICY, ruleId as DeadlineRuleId).name;
  } catch {
    return ruleId;
  }
}

function openDeadlineIds(state: CaseState): string[] {
  return state.stage === 'none' ? [] : openDeadlines(state, DEFAULT_DEADLINE_POLICY).map((d) => d.deadlineId);
}

interface SummaryRow {
  state: CaseState;
  letter_numbers: string[];
}

interface DeadlineRow {
  deadline_id: string;
  rule_id: string;
  due_date: string;
  due_at: Date;
}

async function applyCase(
  caseId: string,
  events: readonly StoredEvent[],
  sql: SqlExecutor,
  t: Readonly<Record<string, string>>,
): Promise<void> {
  const [row] = await sql.query<SummaryRow>(
    `SELECT state, letter_numbers FROM ${t.case_summary} WHERE case_id = $1`,
    [caseId],
  );
  let state: CaseState = row?.state ?? initialState;
  const letters = new Set<string>(row?.letter_numbers ?? []);
  const first = events[0];
  const last = events[events.length - 1];

  let open = openDeadlineIds(state);
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as CaseEvent;
    state = evolve(state, event);
    // Deadlines the state no longer runs are closed (met, or overtaken by the stage moving on) by this event.
    const nowOpen = openDeadlineIds(state);
    if (open.some((id) => !nowOpen.includes(id))) {
      await sql.query(
        `UPDATE ${t.case_deadlines} SET status = 'closed', closed_at = $3, closed_version = $4
         WHERE case_id = $1 AND status = 'open' AND NOT (deadline_id = ANY($2::text[]))`,
        [caseId, nowOpen, stored.recordedAt, stored.version],
      );
    }
    open = nowOpen;
    referencesOf(event).forEach((r) => letters.add(r));
    if (event.type === 'DeadlineRecorded') {
      const d = event.data;
      await sql.query(
        `INSERT INTO ${t.case_deadlines} (case_id, deadline_id, rule_id, stage, due_date, due_at, calendar_version,
           policy_version, status, recorded_at, recorded_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10)
         ON CONFLICT (case_id, deadline_id) DO NOTHING`,
        [
          caseId,
          d.deadlineId,
          d.ruleId,
          d.stage,
          d.dueDate,
          d.dueAt,
          d.calendarVersion,
          d.policyVersion,
          d.at,
          stored.version,
        ],
      );
    }
    if (event.type === 'DeadlineReminderSent' || event.type === 'DeadlineEscalated') {
      const [deadline] = await sql.query<DeadlineRow>(
        `SELECT deadline_id, rule_id, due_date::text AS due_date, due_at FROM ${t.case_deadlines}
         WHERE case_id = $1 AND deadline_id = $2`,
        [caseId, event.data.deadlineId],
      );
      const name = ruleName(deadline?.rule_id ?? event.data.deadlineId);
      const dueDate = deadline?.due_date ?? '?';
      const who = `${state.reportedAsn?.name ?? 'ASN'}${state.reportedAsn?.nip ? ` (NIP ${state.reportedAsn.nip})` : ''}`;
      const reminder = event.type === 'DeadlineReminderSent';
      const message = reminder
        ? `Pengingat: tenggat "${name}" untuk kasus ${caseId} atas nama ${who} jatuh pada ${dueDate}.`
        : `Eskalasi tahap ${event.data.step}: tenggat "${name}" untuk kasus ${caseId} atas nama ${who} telah ` +
          `terlewati sejak ${dueDate}. Mohon segera ditindaklanjuti.`;
      await sql.query(
        `UPDATE ${t.case_deadlines} SET ${reminder ? 'reminders = reminders + 1' : 'escalations = escalations + 1'}
         WHERE case_id = $1 AND deadline_id = $2`,
        [caseId, event.data.deadlineId],
      );
      await sql.query(
        `INSERT INTO ${t.notification_outbox} (id, case_id, kind, recipient_role, recipient_agency, recipient_id,
           due_at, message, data, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
        [
          stored.id,
          caseId,
          reminder ? 'reminder' : 'escalation',
          event.data.recipientRole,
          state.agency ?? '',
          event.data.recipientRole === 'case_officer' ? (state.assignedOfficer?.id ?? null) : null,
          deadline?.due_at ?? null,
          message,
          JSON.stringify({
            deadlineId: event.data.deadlineId,
            ruleId: deadline?.rule_id ?? null,
            ...(reminder ? { offset: event.data.offset } : { step: event.data.step }),
          }),
          stored.recordedAt,
        ],
      );
    }
  }

  const [next] = await sql.query<{ due_at: Date | null; overdue: boolean }>(
    `SELECT min(due_at) AS due_at, coalesce(bool_or(escalations > 0), false) AS overdue
     FROM ${t.case_deadlines} WHERE case_id = $1 AND status = 'open'`,
    [caseId],
  );
  const stored = { ...state, confidential: { reporter: null } };
  await sql.query(
    `INSERT INTO ${t.case_summary} (case_id, agency, stage, violation_type, reported_asn_name, reported_asn_nip,
       officer_id, next_due_at, overdue, letter_numbers, version, created_at, updated_at, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (case_id) DO UPDATE SET agency = $2, stage = $3, violation_type = $4, reported_asn_name = $5,
       reported_asn_nip = $6, officer_id = $7, next_due_at = $8, overdue = $9, letter_numbers = $10,
       version = $11, updated_at = $13, state = $14`,
    [
      caseId,
      state.agency,
      state.stage,
      state.violationType,
      state.reportedAsn?.name ?? null,
      state.reportedAsn?.nip ?? null,
      state.assignedOfficer?.id ?? null,
      next?.due_at ?? null,
      next?.overdue ?? false,
      [...letters],
      last.version,
      first.recordedAt,
      last.recordedAt,
      JSON.stringify(stored),
    ],
  );
}

/** The three case read models, as one inline projection (they are updated together). */
export const caseReadModels: Projection = {
  name: 'case_read_models',
  tables: [
    {
      name: CASE_SUMMARY_TABLE,
      ddl: (t) => [
        `CREATE TABLE ${t} (
           case_id text PRIMARY KEY,
           agency text,
           stage text NOT NULL,
           violation_type text,
           reported_asn_name text,
           reported_asn_nip text,
           officer_id text,
           next_due_at timestamptz,
           overdue boolean NOT NULL DEFAULT false,
           letter_numbers text[] NOT NULL DEFAULT '{}',
           version integer NOT NULL,
           created_at timestamptz NOT NULL,
           updated_at timestamptz NOT NULL,
           state jsonb NOT NULL)`,
        `CREATE INDEX ${t}_agency_stage_idx ON ${t} (agency, stage)`,
        `CREATE INDEX ${t}_nip_idx ON ${t} (reported_asn_nip)`,
        `CREATE INDEX ${t}_letters_idx ON ${t} USING gin (letter_numbers)`,
      ],
      compareColumns: [
        'case_id',
        'agency',
        'stage',
        'violation_type',
        'reported_asn_name',
        'reported_asn_nip',
        'officer_id',
        'next_due_at',
        'overdue',
        'letter_numbers',
        'version',
      ],
    },
    {
      name: CASE_DEADLINES_TABLE,
      ddl: (t) => [
        `CREATE TABLE ${t} (
           case_id text NOT NULL,
           deadline_id text NOT NULL,
           rule_id text NOT NULL,
           stage text NOT NULL,
           due_date date NOT NULL,
           due_at timestamptz NOT NULL,
           calendar_version text NOT NULL,
           policy_version text NOT NULL,
           status text NOT NULL CHECK (status IN ('open', 'closed')),
           reminders integer NOT NULL DEFAULT 0,
           escalations integer NOT NULL DEFAULT 0,
           recorded_at timestamptz NOT NULL,
           recorded_version integer NOT NULL,
           closed_at timestamptz,
           closed_version integer,
           PRIMARY KEY (case_id, deadline_id))`,
        `CREATE INDEX ${t}_open_due_idx ON ${t} (due_at) WHERE status = 'open'`,
      ],
    },
    {
      name: NOTIFICATION_OUTBOX_TABLE,
      ddl: (t) => [
        `CREATE TABLE ${t} (
           id text PRIMARY KEY,
           case_id text NOT NULL,
           kind text NOT NULL,
           recipient_role text NOT NULL,
           recipient_agency text NOT NULL,
           recipient_id text,
           due_at timestamptz,
           message text NOT NULL,
           data jsonb NOT NULL,
           created_at timestamptz NOT NULL)`,
        `CREATE INDEX ${t}_case_idx ON ${t} (case_id)`,
      ],
      compareColumns: ['id', 'case_id', 'kind', 'recipient_role', 'recipient_agency', 'message', 'data'],
    },
  ],
  async apply(events, sql, tables) {
    // Events of one append belong to one stream; a rebuild passes many streams in global order.
    let batch: StoredEvent[] = [];
    for (const e of events) {
      if (batch.length > 0 && batch[0].streamId !== e.streamId) {
        await applyCase(batch[0].streamId, batch, sql, tables);
        batch = [];
      }
      batch.push(e);
    }
    if (batch.length > 0) await applyCase(batch[0].streamId, batch, sql, tables);
  },
};
