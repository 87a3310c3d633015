/**
 * Updates a run's workflow completed, by id: the rows of `temporal.completed_updates` (update id → its
 * WorkflowExecutionUpdateCompleted event, which holds the outcome). They are kept out of the mutable state
 * because that state is cloned, serialised and written by every change of the run: an update-heavy run made
 * every later change dearer (48 kB of ids written per update after 1,000 updates).
 *
 * A request repeating an id must still find its update (GS keeps completed updates' infos in mutable
 * state, loaded with it), so the ids of recently used runs are held in memory: loaded once per run from the
 * table (one query, on the first lookup that misses), and added to after each commit that completes one.
 * A run created by this server starts loaded (it has no rows yet). Rows are only ever inserted, so a
 * snapshot read outside the run's lock merged with the ids committed meanwhile is exact.
 */
import * as store from '../store/execution-store';

/** As many runs as the state cache holds (engine.ts). */
const MAX_RUNS = 10_000;

interface RunEntry {
  ids: Map<string, number>;
  /** Whether `ids` holds every row of the run (else only the ones committed since it was first seen). */
  loaded: boolean;
}

export class CompletedUpdates {
  private readonly runs = new Map<string, RunEntry>();

  constructor(private readonly maxRuns = MAX_RUNS) {}

  /** The UpdateCompleted event id of the run's update, or undefined when the workflow did not complete it. */
  async find(db: store.Db, runId: string, updateId: string): Promise<number | undefined> {
    const entry = this.entry(runId);
    const known = entry.ids.get(updateId);
    if (known !== undefined || entry.loaded) return known;
    const rows = await store.loadCompletedUpdates(db, runId);
    // Dropped for room meanwhile: the rows answer this lookup only.
    if (this.runs.get(runId) !== entry) return rows.find(([id]) => id === updateId)?.[1];
    for (const [id, eventId] of rows) entry.ids.set(id, eventId);
    entry.loaded = true;
    return entry.ids.get(updateId);
  }

  /** Without a database read: the event id if known, undefined if not known (completed or not). */
  peek(runId: string, updateId: string): number | undefined {
    return this.runs.get(runId)?.ids.get(updateId);
  }

  /** A run this server creates has no rows: nothing to load. */
  created(runId: string): void {
    this.entry(runId).loaded = true;
  }

  /** After the commit that wrote these rows. */
  committed(runId: string, completed: readonly { updateId: string; eventId: number }[]): void {
    const entry = this.entry(runId);
    for (const c of completed) entry.ids.set(c.updateId, c.eventId);
  }

  private entry(runId: string): RunEntry {
    let entry = this.runs.get(runId);
    if (entry) {
      this.runs.delete(runId);
    } else {
      entry = { ids: new Map(), loaded: false };
    }
    this.runs.set(runId, entry);
    if (this.runs.size > this.maxRuns) this.runs.delete(this.runs.keys().next().value as string);
    return entry;
  }
}
