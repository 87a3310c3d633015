/**
 * COMMAND_TRACE_PERF=1 (bench/command-trace.ts): system calls and context switches of each service part
 * during the measured cycles, counted by `perf stat` (Linux perf, root or perf_event_paranoid ≤ 0). Counts do
 * not depend on the machine's load as CPU milliseconds do, so round trips cut show in them on a shared machine.
 * Threads started after the count began (the SDK's per-call vm watchdogs) are not counted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const EVENTS = ['raw_syscalls:sys_enter', 'context-switches'] as const;

/** PostgreSQL's children (backends, WAL writer…) of the postmaster in `dataDir`. */
export function postgresPids(dataDir: string): number[] {
  const master = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [master];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === master) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export interface Counting {
  /** Stops counting: per part, per event, the count divided by `operations`. */
  stop(operations: number): Promise<Record<string, Record<string, number>>>;
}

/** Starts one `perf stat` per part (its pids); resolves once they had time to attach. */
export async function countSystemCalls(parts: Record<string, number[]>): Promise<Counting> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'command-trace-perf-'));
  const running: [string, ChildProcess][] = Object.entries(parts).map(([part, pids]) => [
    part,
    spawn(
      'perf',
      ['stat', '-x', ',', '-e', EVENTS.join(','), '-p', pids.join(','), '-o', path.join(dir, part)],
      { stdio: 'ignore' },
    ),
  ]);
  // perf attaches to every thread of the pids on start; a moment is enough.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    async stop(operations) {
      await Promise.all(
        running.map(
          ([, child]) =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGINT');
            }),
        ),
      );
      const counts: Record<string, Record<string, number>> = {};
      for (const [part] of running) {
        counts[part] = {};
        for (const line of readFileSync(path.join(dir, part), 'utf8').split('\n')) {
          const [value, , event] = line.split(',');
          if (EVENTS.includes(event as (typeof EVENTS)[number]) && /^\d+$/.test(value)) {
            counts[part][event] = Math.round((Number(value) / operations) * 10) / 10;
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
      return counts;
    },
  };
}
