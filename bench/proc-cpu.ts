/** CPU time of processes from /proc (Linux; 10 ms resolution), for the benches that read it per operation. */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** utime + stime in ms of a pid (or NaN when it is gone). */
export function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

/** PostgreSQL's processes: the postmaster (first line of postmaster.pid) and its children. */
export function postgresCpu(dataDir: string): number {
  const master = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let sum = cpuOf(master);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === master) sum += cpuOf(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

/** CPU ms of a process's threads by name (`comm`; the main thread as "main"), summed over threads of a name. */
export function threadsCpu(pid: number): Record<string, number> {
  const byName: Record<string, number> = {};
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  for (const tid of tids) {
    try {
      const name =
        Number(tid) === pid ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName[name] = (byName[name] ?? 0) + (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      // the thread ended meanwhile
    }
  }
  return byName;
}
