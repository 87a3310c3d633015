/**
 * The service's resident memory while a benchmark runs (Linux /proc only). Proportional set size (PSS), so a
 * page shared by several processes (PostgreSQL's shared buffers, node's code) counts once in a sum.
 *
 * What is the service: the processes production runs, i.e. the API, the engine+worker and PostgreSQL (the
 * postmaster, its helpers and one backend per open connection). The load generator (the benchmark's own
 * process) and the embedded PostgreSQL's watchdog (a `node -e` that stops PostgreSQL if the benchmark dies)
 * are not the service: they are reported beside it, with the whole process tree, and not in the figure.
 * PostgreSQL is found among this process's children: against an external server (DATABASE_URL) its memory
 * is not counted (`postgres.processes` is then 0).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Pool } from 'pg';
import { round } from './support';

/** PSS of one group of processes, in MiB. */
export interface GroupMemory {
  pssMiB: number;
  /** Of it, anonymous memory (heaps, a backend's caches and work memory): private to each process. */
  anonMiB: number;
  /** Of it, shared memory (PostgreSQL's shared buffers and its other shared structures), split among mappers. */
  shmemMiB: number;
  processes: number;
}

export interface MemorySample {
  /** The service: API + engine+worker + PostgreSQL. */
  serviceMiB: number;
  api: GroupMemory;
  engineWorker: GroupMemory;
  postgres: GroupMemory;
  /** The benchmark's own process (the load generator): not the service. */
  loadGenerator: GroupMemory;
  /** Anything else the benchmark started (the embedded PostgreSQL's watchdog): not the service. */
  other: GroupMemory;
  /** Everything under the benchmark's process: the figure reported before session 9. */
  wholeTreeMiB: number;
}

export interface ServiceMemoryPeak {
  samples: number;
  /** The sample where the service's memory was highest. */
  peak: MemorySample;
  /** The highest whole-tree sum (service, load generator and watchdog), for comparison with earlier runs. */
  wholeTreePeakMiB: number;
}

/** The service's processes: the API's pid and the engine+worker's pid (each with whatever it starts). */
export interface ServicePids {
  api: number;
  engineWorker: number;
}

/** Samples every `everyMs` until stopped; the peak is the sample with the most service memory. */
export function sampleServiceMemory(
  service: ServicePids,
  everyMs = 500,
): { stop(): ServiceMemoryPeak | null } {
  let peak: MemorySample | undefined;
  let wholeTreePeakMiB = 0;
  let samples = 0;
  const take = () => {
    const now = sampleMemory(service);
    if (now.wholeTreeMiB === 0) return;
    samples += 1;
    wholeTreePeakMiB = Math.max(wholeTreePeakMiB, now.wholeTreeMiB);
    if (!peak || now.serviceMiB > peak.serviceMiB) peak = now;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak ? { samples, peak, wholeTreePeakMiB } : null;
    },
  };
}

/** One sample of every process under this one, grouped as the service's parts and the rest. */
export function sampleMemory(service: ServicePids): MemorySample {
  const tree = processTree(process.pid);
  const children = childrenOf(tree);
  const api = new Set(descendants(service.api, children));
  const engineWorker = new Set(descendants(service.engineWorker, children));
  const groups = { api: [], engineWorker: [], postgres: [], loadGenerator: [], other: [] } as Record<
    'api' | 'engineWorker' | 'postgres' | 'loadGenerator' | 'other',
    Pss[]
  >;
  for (const { pid } of tree) {
    const pss = pssOf(pid);
    if (!pss) continue;
    if (pid === process.pid) groups.loadGenerator.push(pss);
    else if (api.has(pid)) groups.api.push(pss);
    else if (engineWorker.has(pid)) groups.engineWorker.push(pss);
    // The postmaster and every process it forks keep the command name `postgres`.
    else if (commandOf(pid) === 'postgres') groups.postgres.push(pss);
    else groups.other.push(pss);
  }
  const group = (list: Pss[]): GroupMemory => ({
    pssMiB: mib(list.reduce((sum, p) => sum + p.pss, 0)),
    anonMiB: mib(list.reduce((sum, p) => sum + p.anon, 0)),
    shmemMiB: mib(list.reduce((sum, p) => sum + p.shmem, 0)),
    processes: list.length,
  });
  const sample = {
    api: group(groups.api),
    engineWorker: group(groups.engineWorker),
    postgres: group(groups.postgres),
    loadGenerator: group(groups.loadGenerator),
    other: group(groups.other),
  };
  return {
    serviceMiB: round(sample.api.pssMiB + sample.engineWorker.pssMiB + sample.postgres.pssMiB),
    ...sample,
    wholeTreeMiB: round(Object.values(sample).reduce((sum, g) => sum + g.pssMiB, 0)),
  };
}

const mib = (kb: number) => round(kb / 1024);

interface Pss {
  pss: number;
  anon: number;
  shmem: number;
}

/** PSS and its anonymous and shared-memory parts of one process, in kB; undefined once it has ended. */
function pssOf(pid: number): Pss | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
    return { pss: field('Pss'), anon: field('Pss_Anon'), shmem: field('Pss_Shmem') };
  } catch {
    return undefined;
  }
}

export function pssKb(pid: number): number {
  return pssOf(pid)?.pss ?? 0;
}

/** The command name (`/proc/<pid>/comm`); PostgreSQL's processes all keep `postgres`. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** `root` and every process below it, each with its parent. */
export function processTree(root: number): { pid: number; ppid: number }[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [{ pid: root, ppid: 0 }];
  }
  const all: { pid: number; ppid: number }[] = [];
  for (const entry of entries) {
    try {
      // The parent pid is the second field after the command name in parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      all.push({ pid: Number(entry), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  const children = childrenOf(all);
  const ppidOf = new Map(all.map((p) => [p.pid, p.ppid]));
  return descendants(root, children).map((pid) => ({ pid, ppid: ppidOf.get(pid) ?? 0 }));
}

function childrenOf(processes: { pid: number; ppid: number }[]): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of processes) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  return children;
}

function descendants(root: number, children: Map<number, number[]>): number[] {
  const tree: number[] = [];
  for (const queue = [root]; queue.length > 0;) {
    const pid = queue.pop()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Per application_name: the most connections open at once, and the most busy at once (in a query or a transaction). */
export type ConnectionPeaks = Record<string, { open: number; busy: number; example?: string }>;

/**
 * Samples pg_stat_activity's client backends every `everyMs` until stopped: how many connections each pool
 * (told apart by application_name) held, and how many of them it really used at once. It asks from the
 * `postgres` database of the same server, so that its own statements stay out of the benchmark database's
 * statement statistics (round trips per command); null when that database cannot be reached.
 */
export function sampleConnections(
  databaseUrl: string,
  everyMs = 500,
): {
  stop(): Promise<{
    samples: number;
    peaks: ConnectionPeaks;
    totalOpenPeak: number;
    connectionsOpened: number;
  } | null>;
} {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const pool = new Pool({ connectionString: url.toString(), max: 1 });
  const peaks: ConnectionPeaks = {};
  let totalOpenPeak = 0;
  let samples = 0;
  let stopped = false;
  // Connections opened in the whole cluster (pg_stat_database.sessions, PostgreSQL 14+): a pool that closes
  // idle connections and opens them again pays a fork, an authentication and cold catalog caches each time.
  const sessions = async () =>
    Number((await pool.query<{ n: string }>(`SELECT sum(sessions) AS n FROM pg_stat_database`)).rows[0].n);
  let sessionsBefore = 0;
  const loop = (async () => {
    sessionsBefore = await sessions();
    while (!stopped) {
      const { rows } = await pool.query<{ name: string; open: number; busy: number; example: string }>(
        `SELECT coalesce(nullif(application_name, ''), '(unnamed)') || ' @ ' || coalesce(datname, '-') AS name,
                count(*)::int AS open, (count(*) FILTER (WHERE state <> 'idle'))::int AS busy,
                min(left(query, 60)) AS example
         FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
         GROUP BY 1`,
      );
      samples += 1;
      totalOpenPeak = Math.max(
        totalOpenPeak,
        rows.reduce((sum, r) => sum + r.open, 0),
      );
      for (const { name, open, busy, example } of rows) {
        const peak = (peaks[name] ??= { open: 0, busy: 0, example });
        peak.open = Math.max(peak.open, open);
        peak.busy = Math.max(peak.busy, busy);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })().then(
    () => true,
    () => false,
  );
  return {
    async stop() {
      stopped = true;
      const reached = await loop;
      const opened = reached ? (await sessions()) - sessionsBefore - 1 : 0;
      await pool.end();
      return reached ? { samples, peaks, totalOpenPeak, connectionsOpened: opened } : null;
    },
  };
}
