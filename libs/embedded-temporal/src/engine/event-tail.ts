/**
 * The newest committed history events of recently changed runs, encoded, kept in memory: a sticky workflow
 * task's new events and an activity task's scheduled event were just written by this server, so reading
 * them back cost a PostgreSQL round trip per task dispatch (three per case command, issue #15). Safe for
 * the same reason as StateCache: this server is the only writer of its schema, history is append-only, and
 * every commit of a run's events passes through `committed` in order, so a cached run's tail always ends at
 * its last committed event. A range the tail does not cover wholly is read from the database.
 */

/** Events kept per run: more than one command's worth (a case command adds about twenty). */
const MAX_EVENTS_PER_RUN = 64;
/**
 * Bound on the memory of all tails together; least recently changed runs are dropped first. Sticky tasks,
 * the tail's main readers, only go to runs the worker keeps cached (WORKER_MAX_CACHED_WORKFLOWS, 250 by
 * default), and a case's whole 64-event tail is about 60 KB (its start event carries the ~33 KB
 * configuration): 250 × 64 KB = 16 MiB.
 */
const MAX_BYTES = 16 * 1024 * 1024;

interface Tail {
  /** Event id of `events[0]`; ids are consecutive. */
  firstId: number;
  events: Buffer[];
  bytes: number;
}

export class EventTail {
  private readonly runs = new Map<string, Tail>();
  private bytes = 0;

  /** Events of a run just committed, ids consecutive and in order. */
  committed(runId: string, events: readonly { id: number; data: Buffer }[]): void {
    if (events.length === 0) return;
    let tail = this.runs.get(runId);
    this.runs.delete(runId);
    if (!tail || tail.firstId + tail.events.length !== events[0].id) {
      // The first events of the run, or a tail that missed a commit (never expected): start afresh.
      if (tail) this.bytes -= tail.bytes;
      tail = { firstId: events[0].id, events: [], bytes: 0 };
    }
    for (const data of ownCopies(events)) {
      tail.events.push(data);
      tail.bytes += data.length;
      this.bytes += data.length;
    }
    while (tail.events.length > MAX_EVENTS_PER_RUN) {
      const dropped = tail.events.shift()!;
      tail.firstId++;
      tail.bytes -= dropped.length;
      this.bytes -= dropped.length;
    }
    this.runs.set(runId, tail);
    while (this.bytes > MAX_BYTES && this.runs.size > 0) {
      const [oldest, old] = this.runs.entries().next().value as [string, Tail];
      this.runs.delete(oldest);
      this.bytes -= old.bytes;
    }
  }

  /** Events [fromId, toId] when all of them are in the tail, else undefined (read the database). */
  range(runId: string, fromId: number, toId: number): Buffer[] | undefined {
    const tail = this.runs.get(runId);
    if (!tail || fromId < tail.firstId || toId >= tail.firstId + tail.events.length) return undefined;
    if (toId < fromId) return [];
    return tail.events.slice(fromId - tail.firstId, toId - tail.firstId + 1);
  }
}

/**
 * The events copied into one allocation of exactly their size. An encoded event under 4 KiB is a view into a
 * shared 8 KiB slab (Buffer.from, protobufjs), and holding the view holds the whole slab: the tails kept
 * 136 MiB of external memory for 32 MiB of events in the 50-officer run (issue #15, bench/notes/s07-perf-memory.md).
 */
function ownCopies(events: readonly { data: Buffer }[]): Buffer[] {
  const block = Buffer.allocUnsafeSlow(events.reduce((sum, e) => sum + e.data.length, 0));
  let offset = 0;
  return events.map(({ data }) => {
    data.copy(block, offset);
    offset += data.length;
    return block.subarray(offset - data.length, offset);
  });
}
