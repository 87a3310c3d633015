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
