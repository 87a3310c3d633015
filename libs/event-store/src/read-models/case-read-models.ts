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
  evolve,
  ruleName,
  initialState,
  openDeadlines,
  untrackedDeadlines,
} from '@netral/domain';
import { type Projection, type SqlExecutor, writeWith } from '../projections/projection';
import type { StoredEvent } from '../types';

export const CASE_SUMMARY_TABLE = 'case_summary';
export const CASE_DEADLINES_TABLE = 'case_deadlines';
export const NOTIFICATION_OUTBOX_TABLE = 'notification_outbox';
/** PostgreSQL NOTIFY channel announcing each new outbox row when its transaction commits (for live UIs). */
export const NOTIFICATION_CHANNEL = 'netral_notification';

/** The payload of a NOTIFY on NOTIFICATION_CHANNEL: enough to route it, nothing personal. */
export interface NotificationAnnouncement {
  id: string;
  agency: string;
  recipientRole: string;
  recipientId: string | null;
}

/** Key of the due-date indexes and sorts: cases without an open deadline sort after every due date. */
export const DUE_KEY_SQL = `coalesce(next_due_at, 'infinity'::timestamptz)`;

/**
 * Columns and indexes the API's list queries need (added by migration AddCaseQueryIndexes1764000000000, and
 * part of every rebuilt table). Idempotent statements, so they run on a table of any age:
 * - search_text: lowercased ASN name, NIP and letter numbers, searched by substring (trigram index when
 *   PostgreSQL has pg_trgm, else a pattern index that serves prefixes);
 * - sanction_code: the sanction that currently applies (decided, or as changed on objection);
 * - stage_history: each stage the case entered and left, `[{ stage, round, enteredAt, leftAt }]`, for the
 *   days spent per stage;
 * - keyset indexes per sort (agency first, then national scope) ending in case_id, the tie-breaker.
 */
export function caseSummaryQueryDdl(t: string): string[] {
  return [
    `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS search_text text NOT NULL DEFAULT ''`,
    `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS sanction_code text`,
    `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS stage_history jsonb NOT NULL DEFAULT '[]'`,
    // A missing extension or privilege must not fail the migration: the fallback index still serves prefixes.
    `DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; EXCEPTION WHEN OTHERS THEN NULL; END $$`,
    `DO $$ BEGIN
       IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
         -- A short pending list: every search reads it through in full (ShortSearchIndexPendingList migration).
         EXECUTE 'CREATE INDEX IF NOT EXISTS ${t}_search_idx ON ${t} USING gin (search_text gin_trgm_ops)
           WITH (gin_pending_list_limit = 64)';
       ELSE
         EXECUTE 'CREATE INDEX IF NOT EXISTS ${t}_search_idx ON ${t} (search_text text_pattern_ops)';
       END IF;
     END $$`,
    `CREATE INDEX IF NOT EXISTS ${t}_agency_due_idx ON ${t} (agency, (${DUE_KEY_SQL}), case_id)`,
    `CREATE INDEX IF NOT EXISTS ${t}_agency_stage_due_idx ON ${t} (agency, stage, (${DUE_KEY_SQL}), case_id)`,
    `CREATE INDEX IF NOT EXISTS ${t}_agency_updated_idx ON ${t} (agency, updated_at, case_id)`,
    `CREATE INDEX IF NOT EXISTS ${t}_agency_created_idx ON ${t} (agency, created_at, case_id)`,
    `CREATE INDEX IF NOT EXISTS ${t}_officer_due_idx ON ${t} (officer_id, (${DUE_KEY_SQL}), case_id)
       WHERE stage <> 'closed'`,
    `CREATE INDEX IF NOT EXISTS ${t}_due_idx ON ${t} ((${DUE_KEY_SQL}), case_id)`,
    `CREATE INDEX IF NOT EXISTS ${t}_updated_idx ON ${t} (updated_at, case_id)`,
    `CREATE INDEX IF NOT EXISTS ${t}_created_idx ON ${t} (created_at, case_id)`,
  ];
}

/**
 * untracked_deadlines: how many open deadlines of the case the workflow could not plan or record
 * (DeadlineNotTracked), with a partial index over the few cases that have any (migration
 * AddUntrackedDeadlines1767900000000, and part of every rebuilt table).
 */
export function untrackedDeadlinesDdl(t: string): string[] {
  return [
    `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS untracked_deadlines integer NOT NULL DEFAULT 0`,
    `CREATE INDEX IF NOT EXISTS ${t}_untracked_idx ON ${t} (agency, case_id) WHERE untracked_deadlines > 0`,
  ];
}

/** One stay of a case in a stage; `leftAt` is null for the stage it is in. */
export interface StageStay {
  stage: string;
  round: number;
  enteredAt: string;
  leftAt: string | null;
}

/** The sanction that applies now: the decision's, or the objection outcome's; none once annulled. */
function currentSanction(state: CaseState): string | null {
  if (state.closure?.outcome === 'sanction_annulled') return null;
  return state.sanctionInForce?.sanctionCode ?? state.decision?.sanctionCode ?? null;
}

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

const nameOfRule = (ruleId: string) => ruleName(DEFAULT_DEADLINE_POLICY, ruleId);

function openDeadlineIds(state: CaseState): string[] {
  return state.stage === 'none' ? [] : openDeadlines(state, DEFAULT_DEADLINE_POLICY).map((d) => d.deadlineId);
}

interface SummaryRow {
  state: CaseState;
  letter_numbers: string[];
  stage_history: StageStay[];
}

interface DeadlineRow {
  deadline_id: string;
  rule_id: string;
  due_date: string;
  due_at: Date;
}

/** The summary row a case's events are applied to (`$1` the case id). */
function summaryRead(t: Readonly<Record<string, string>>): string {
  return `SELECT state, letter_numbers, stage_history FROM ${t.case_summary} WHERE case_id = $1`;
}

async function applyCase(
  caseId: string,
  events: readonly StoredEvent[],
  sql: SqlExecutor,
  t: Readonly<Record<string, string>>,
  prefetched?: SummaryRow | null,
): Promise<void> {
  const row =
    prefetched === undefined
      ? (await sql.query<SummaryRow>(summaryRead(t), [caseId]))[0]
      : (prefetched ?? undefined);
  let state: CaseState = row?.state ?? initialState;
  const letters = new Set<string>(row?.letter_numbers ?? []);
  const stays: StageStay[] = row?.stage_history ?? [];
  const first = events[0];
  const last = events[events.length - 1];

  let open = openDeadlineIds(state);
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as CaseEvent;
    const stageBefore = state.stage;
    state = evolve(state, event);
    if (state.stage !== stageBefore) {
      // The stage left ends when the next one starts (the event's decision time).
      const at = state.stageEnteredAt ?? stored.occurredAt;
      const current = stays[stays.length - 1];
      if (current && current.leftAt === null) current.leftAt = at;
      stays.push({ stage: state.stage, round: state.round, enteredAt: at, leftAt: null });
    }
    // Deadlines the state no longer runs are closed (met, or overtaken by the stage moving on) by this event.
    const nowOpen = openDeadlineIds(state);
    if (open.some((id) => !nowOpen.includes(id))) {
      await writeWith(
        sql,
        `UPDATE ${t.case_deadlines} SET status = 'closed', closed_at = $3, closed_version = $4
         WHERE case_id = $1 AND status = 'open' AND NOT (deadline_id = ANY($2::text[]))`,
        [caseId, nowOpen, stored.recordedAt, stored.version],
      );
    }
    open = nowOpen;
    referencesOf(event).forEach((r) => letters.add(r));
    if (event.type === 'DeadlineRecorded') {
      const d = event.data;
      // A deadline re-planned under its id (a late-recorded anchor, a policy migration) replaces its row; the
      // same event projected again changes nothing.
      await writeWith(
        sql,
        `INSERT INTO ${t.case_deadlines} AS cd (case_id, deadline_id, rule_id, stage, due_date, due_at, calendar_version,
           policy_version, status, recorded_at, recorded_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10)
         ON CONFLICT (case_id, deadline_id) DO UPDATE SET
           due_date = EXCLUDED.due_date, due_at = EXCLUDED.due_at, calendar_version = EXCLUDED.calendar_version,
           policy_version = EXCLUDED.policy_version, status = 'open', closed_at = NULL, closed_version = NULL,
           recorded_at = EXCLUDED.recorded_at, recorded_version = EXCLUDED.recorded_version
         WHERE cd.recorded_version < EXCLUDED.recorded_version`,
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
      const name = nameOfRule(deadline?.rule_id ?? event.data.deadlineId);
      const dueDate = deadline?.due_date ?? '?';
      const who = `${state.reportedAsn?.name ?? 'ASN'}${state.reportedAsn?.nip ? ` (NIP ${state.reportedAsn.nip})` : ''}`;
      const reminder = event.type === 'DeadlineReminderSent';
      const message = reminder
        ? `Pengingat: tenggat "${name}" untuk kasus ${caseId} atas nama ${who} jatuh pada ${dueDate}.`
        : `Eskalasi tahap ${event.data.step}: tenggat "${name}" untuk kasus ${caseId} atas nama ${who} telah ` +
          `terlewati sejak ${dueDate}. Mohon segera ditindaklanjuti.`;
      await writeWith(
        sql,
        `UPDATE ${t.case_deadlines} SET ${reminder ? 'reminders = reminders + 1' : 'escalations = escalations + 1'}
         WHERE case_id = $1 AND deadline_id = $2`,
        [caseId, event.data.deadlineId],
      );
      await writeWith(
        sql,
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
      // Live tables only: a rebuild into shadow tables must not announce old notifications again.
      if (t.notification_outbox === NOTIFICATION_OUTBOX_TABLE) {
        const announcement: NotificationAnnouncement = {
          id: stored.id,
          agency: state.agency ?? '',
          recipientRole: event.data.recipientRole,
          recipientId:
            event.data.recipientRole === 'case_officer' ? (state.assignedOfficer?.id ?? null) : null,
        };
        await writeWith(sql, `SELECT pg_notify($1, $2)`, [
          NOTIFICATION_CHANNEL,
          JSON.stringify(announcement),
        ]);
      }
    }
  }

  const stored = { ...state, confidential: { reporter: null } };
  // The next due date and the overdue flag come from the deadlines as this transaction left them, in the
  // same statement (one round trip fewer per append).
  await writeWith(
    sql,
    `INSERT INTO ${t.case_summary} (case_id, agency, stage, violation_type, reported_asn_name, reported_asn_nip,
       officer_id, next_due_at, overdue, letter_numbers, version, created_at, updated_at, state, sanction_code,
       stage_history, search_text, untracked_deadlines)
     VALUES ($1, $2, $3, $4, $5, $6, $7,
       (SELECT min(due_at) FROM ${t.case_deadlines} WHERE case_id = $1 AND status = 'open'),
       (SELECT coalesce(bool_or(escalations > 0), false) FROM ${t.case_deadlines}
        WHERE case_id = $1 AND status = 'open'),
       $8, $9, $10, $11, $12, $13, $14, ${searchTextSql('$5::text', '$6::text', '$8::text[]')}, $15)
     ON CONFLICT (case_id) DO UPDATE SET agency = $2, stage = $3, violation_type = $4, reported_asn_name = $5,
       reported_asn_nip = $6, officer_id = $7, next_due_at = EXCLUDED.next_due_at, overdue = EXCLUDED.overdue,
       letter_numbers = $8, version = $9, updated_at = $11, state = $12, sanction_code = $13,
       stage_history = $14, search_text = EXCLUDED.search_text, untracked_deadlines = $15`,
    [
      caseId,
      state.agency,
      state.stage,
      state.violationType,
      state.reportedAsn?.name ?? null,
      state.reportedAsn?.nip ?? null,
      state.assignedOfficer?.id ?? null,
      [...letters],
      last.version,
      first.recordedAt,
      last.recordedAt,
      JSON.stringify(stored),
      currentSanction(state),
      JSON.stringify(stays),
      untrackedDeadlines(state, DEFAULT_DEADLINE_POLICY).length,
    ],
  );
}

/** What `q` searches: the reported ASN's name and NIP and every letter number, lowercased. */
export function searchTextSql(name: string, nip: string, letters: string): string {
  return `lower(concat_ws(' ', ${name}, ${nip}, array_to_string(${letters}, ' ')))`;
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
        ...caseSummaryQueryDdl(t),
        ...untrackedDeadlinesDdl(t),
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
        'sanction_code',
        'stage_history',
        'search_text',
        'untracked_deadlines',
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
  prefetch: (tables) => summaryRead(tables),
  async apply(events, sql, tables, prefetched) {
    // Events of one append belong to one stream (the prefetched row's); a rebuild passes many streams in
    // global order and prefetches nothing.
    let batch: StoredEvent[] = [];
    let first: SummaryRow | null | undefined = prefetched as SummaryRow | null | undefined;
    for (const e of events) {
      if (batch.length > 0 && batch[0].streamId !== e.streamId) {
        await applyCase(batch[0].streamId, batch, sql, tables, first);
        batch = [];
        first = undefined;
      }
      batch.push(e);
    }
    if (batch.length > 0) await applyCase(batch[0].streamId, batch, sql, tables, first);
  },
};
