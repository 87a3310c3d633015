/**
 * The figures of issue #15's table, each with its target, and the summary every `npm run bench` prints: the
 * value, the target, and the ratio to the raw INSERT+COMMIT rate measured in the same run (throughput over
 * that rate; a latency over one raw INSERT+COMMIT's p50). A benchmark records a figure with `recordFigure`;
 * figures not recorded in a run are listed as not measured, so a new benchmark slots in by recording one.
 */
import { round } from './support';

type Unit = '/s' | 'ms' | 'MiB';

export interface Target {
  op: '>=' | '<=';
  /** An absolute value in the figure's unit... */
  value?: number;
  /** ...or this multiple of another figure of the same run (e.g. 0.8 × the raw INSERT+COMMIT rate). */
  times?: { factor: number; figure: string };
}

interface FigureDefinition {
  label: string;
  unit: Unit;
  targets: Target[];
  /** Which raw INSERT+COMMIT rate (1 or 16 concurrent writers) the ratio column compares with. */
  raw?: 1 | 16;
}

/** Raw INSERT+COMMIT at 1 and 16 writers: the reference of every ratio (measured once per run). */
export const RAW_1 = 'raw_insert_commit_1_writer';
export const RAW_16 = 'raw_insert_commit_16_writers';
export const RAW_1_P50 = 'raw_insert_commit_1_writer_p50';

export const FIGURES: Record<string, FigureDefinition> = {
  [RAW_1]: { label: 'raw INSERT+COMMIT, 1 writer', unit: '/s', targets: [], raw: 1 },
  [RAW_16]: { label: 'raw INSERT+COMMIT, 16 writers', unit: '/s', targets: [], raw: 16 },
  [RAW_1_P50]: { label: 'raw INSERT+COMMIT, 1 writer, p50', unit: 'ms', targets: [] },
  event_append_1_writer: {
    label: 'event append, 1 writer',
    unit: '/s',
    targets: [{ op: '>=', times: { factor: 0.8, figure: RAW_1 } }],
    raw: 1,
  },
  event_append_16_writers: {
    label: 'event append, 16 writers',
    unit: '/s',
    targets: [{ op: '>=', times: { factor: 0.8, figure: RAW_16 } }],
    raw: 16,
  },
  temporal_workflows_100_in_flight: {
    label: 'embedded Temporal, one-activity workflows, 100 in flight',
    unit: '/s',
    targets: [
      { op: '>=', value: 300 },
      { op: '>=', times: { factor: 0.08, figure: RAW_16 } },
    ],
    raw: 16,
  },
  temporal_update_round_trip_p50: {
    label: 'update round trip, p50',
    unit: 'ms',
    targets: [{ op: '<=', value: 5 }],
  },
  http_command_1_officer_p50: {
    label: 'HTTP command, 1 officer, p50',
    unit: 'ms',
    targets: [{ op: '<=', value: 15 }],
  },
  http_commands_10_officers: {
    label: 'HTTP commands, 10 officers',
    unit: '/s',
    targets: [{ op: '>=', value: 150 }],
    raw: 16,
  },
  http_commands_10_officers_p99: {
    label: 'HTTP commands, 10 officers, p99',
    unit: 'ms',
    targets: [{ op: '<=', value: 50 }],
  },
  http_commands_50_officers: {
    label: 'HTTP commands, 50 officers (rising with officers)',
    unit: '/s',
    targets: [{ op: '>=', times: { factor: 1, figure: 'http_commands_10_officers' } }],
    raw: 16,
  },
  // Both from the engine's benchmark: the same command (an update running one activity, the shape of a case
  // command) on a fresh workflow and on one past 1,000 events, minutes apart in one run. Sticky execution
  // makes the worker replay nothing, so the long history may cost at most a quarter more.
  command_fresh_case_p50: {
    label: 'command on a fresh case (~3 events), p50',
    unit: 'ms',
    targets: [],
  },
  command_1000_event_case_p50: {
    label: 'command on a 1,000-event case, p50 (same as a fresh case)',
    unit: 'ms',
    targets: [{ op: '<=', times: { factor: 1.25, figure: 'command_fresh_case_p50' } }],
  },
  service_memory_50_officers: {
    label: 'service memory (PSS: API + engine+worker + PostgreSQL), 50 officers, peak',
    unit: 'MiB',
    targets: [{ op: '<=', value: 1024 }],
  },
  ...Object.fromEntries(
    [
      'first_page',
      'by_stage',
      'overdue',
      'text_search',
      'sort_updated_desc',
      'next_page_by_cursor',
      'work_list',
    ].map((query) => [
      `get_cases_${query}_p99`,
      {
        label: `GET /cases over 100k cases, ${query.replace(/_/g, ' ')}, p99`,
        unit: 'ms',
        targets: [{ op: '<=', value: 50 }],
      },
    ]),
  ),
};

const recorded = new Map<string, number>();

/** Records a figure of this run (its id must be one of FIGURES, so the summary knows its target). */
export function recordFigure(id: string, value: number): void {
  if (!(id in FIGURES)) throw new Error(`unknown bench figure ${id}; add it to FIGURES in bench/figures.ts`);
  recorded.set(id, value);
}

export function hasFigure(id: string): boolean {
  return recorded.has(id);
}

export interface SummaryRow {
  figure: string;
  label: string;
  value: number | null;
  unit: Unit;
  target: string;
  /** Value over the raw INSERT+COMMIT rate (throughput) or over its p50 latency (latency). */
  ratioToRawInsertCommit: number | null;
  met: boolean | null;
}

export function summary(): SummaryRow[] {
  return Object.entries(FIGURES).map(([id, def]) => {
    const value = recorded.get(id) ?? null;
    const targets = def.targets.map((t) => {
      const reference = t.times ? recorded.get(t.times.figure) : t.value;
      const bound = t.times && reference !== undefined ? reference * t.times.factor : reference;
      const text = t.times
        ? `${t.op} ${t.times.factor}× ${t.times.figure}${bound !== undefined ? ` (${round(bound)})` : ''}`
        : `${t.op} ${t.value} ${def.unit}`;
      const met =
        value === null || bound === undefined ? null : t.op === '>=' ? value >= bound : value <= bound;
      return { text, met };
    });
    const raw =
      def.unit === '/s'
        ? recorded.get(def.raw === 1 ? RAW_1 : RAW_16)
        : def.unit === 'ms'
          ? recorded.get(RAW_1_P50)
          : undefined;
    return {
      figure: id,
      label: def.label,
      value,
      unit: def.unit,
      target: targets.map((t) => t.text).join(' and ') || '(reference)',
      ratioToRawInsertCommit: value !== null && raw ? round(value / raw) : null,
      met: targets.length === 0 || targets.some((t) => t.met === null) ? null : targets.every((t) => t.met),
    };
  });
}

export function printSummary(rows: SummaryRow[]): void {
  const table = rows.map((r) => ({
    figure: r.label,
    value: r.value === null ? 'not measured' : `${r.value} ${r.unit}`,
    target: r.target,
    'ratio to raw INSERT+COMMIT': r.ratioToRawInsertCommit === null ? '' : `${r.ratioToRawInsertCommit}×`,
    met: r.met === null ? '' : r.met ? 'yes' : 'NO',
  }));
  console.log('\nSummary (issue #15 figures; ratios against raw INSERT+COMMIT measured in this run)');
  console.table(table);
}
