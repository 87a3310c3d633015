/**
 * CPU counters for the Temporal benches (temporal-cpu.ts, temporal-case.ts): this process's threads and the
 * embedded PostgreSQL's processes, from /proc, so that CPU per operation can be compared across a shared
 * machine's load.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** utime+stime of a /proc stat line, in ms. */
function statCpuMs(stat: string, only?: 'system'): number {
  // The command name may hold spaces: the fields start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((only ? 0 : Number(fields[11])) + Number(fields[12])) * TICK_MS;
}

function readCpu(file: string, only?: 'system'): number {
  try {
    return statCpuMs(readFileSync(file, 'utf8'), only);
  } catch {
    return 0; // the thread or process ended meanwhile
  }
}

/** CPU ms of this process's main thread and of all its other threads. */
export function threadCpu(): { main: number; others: number } {
  let others = 0;
  for (const tid of readdirSync('/proc/self/task'))
    if (Number(tid) !== process.pid) others += readCpu(`/proc/self/task/${tid}/stat`);
  return { main: readCpu(`/proc/self/task/${process.pid}/stat`), others };
}

/**
 * CPU ms of a process and its descendants still alive (PostgreSQL's backends, WAL writer...), by kind
 * (the process title's first words: "postgres: walwriter", "postgres: postgres bench… 127.0.0.1" → backend).
 */
export function treeCpu(root: number): Record<string, number> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const byKind: Record<string, number> = {};
  const walk = (pid: number) => {
    let title = 'postmaster';
    try {
      title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      // gone
    }
    const kind = title.startsWith('postgres: ')
      ? /\d+\.\d+\.\d+\.\d+|\[local\]/.test(title)
        ? 'backends'
        : title.split(' ').slice(1, 3).join(' ')
      : 'postmaster';
    byKind[kind] = (byKind[kind] ?? 0) + readCpu(`/proc/${pid}/stat`);
    if (kind === 'backends')
      byKind['backends, system'] = (byKind['backends, system'] ?? 0) + readCpu(`/proc/${pid}/stat`, 'system');
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return byKind;
}

/** CPU ms of each of this process's threads by thread id, with its name (`comm`: node, tokio-runtime-w...). */
export function cpuByThread(): Map<number, { name: string; ms: number }> {
  const threads = new Map<number, { name: string; ms: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      threads.set(Number(tid), {
        name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        ms: statCpuMs(stat),
      });
    } catch {
      // the thread ended meanwhile
    }
  }
  return threads;
}

/**
 * The threads that used the most CPU between two `cpuByThread` readings, per operation: "main", the busiest
 * other `node` thread (the SDK's workflow thread when one runs workflow code), the rest by name.
 */
export function busiestThreads(
  before: Map<number, { name: string; ms: number }>,
  after: Map<number, { name: string; ms: number }>,
  count: number,
): Record<string, number> {
  const deltas = [...after].map(([tid, t]) => ({
    tid,
    name: t.name,
    ms: t.ms - (before.get(tid)?.ms ?? 0),
  }));
  const out: Record<string, number> = {};
  const main = deltas.find((d) => d.tid === process.pid);
  out.main = Math.round(((main?.ms ?? 0) / count) * 100) / 100;
  const others = deltas.filter((d) => d.tid !== process.pid).sort((a, b) => b.ms - a.ms);
  const busiestNode = others.find((d) => d.name === 'node');
  if (busiestNode) out['busiest other node thread'] = Math.round((busiestNode.ms / count) * 100) / 100;
  for (const d of others) {
    if (d === busiestNode) continue;
    const key = `${d.name === 'node' ? 'other node threads' : d.name}`;
    out[key] = (out[key] ?? 0) + d.ms / count;
  }
  for (const key of Object.keys(out)) out[key] = Math.round(out[key] * 100) / 100;
  return out;
}
