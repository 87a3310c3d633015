/**
 * Who owns a data folder, and what to do with a PostgreSQL that outlived its owner.
 *
 * A `kill -9` of the process that started PostgreSQL leaves the postmaster running (it is re-parented to
 * init) and holding `postmaster.pid`. Two defences:
 * - a watchdog: a tiny detached Node process per cluster that stops PostgreSQL (fast shutdown) as soon as
 *   its owner is gone;
 * - at start, an instance still running on our folder whose owner is dead (the watchdog was killed too, or
 *   the machine was too busy) is recognised as ours (its command line names our binary folder's `postgres`
 *   and our data folder), stopped cleanly and waited for. An instance whose owner is alive is never touched:
 *   one writer per folder.
 * The owner is recorded beside the folder (`<dataDir>.owner`: pid and process start time, so that a
 * recycled pid is not taken for the owner). Process facts come from /proc (Linux); elsewhere an instance
 * still running is refused, as before.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22); null where unknown. */
  startTime: number | null;
}

export function ownerFile(dataDir: string): string {
  return `${dataDir}.owner`;
}

/** The start time of a live process, or null if it is gone or unknown. */
export function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses: count fields after its closing parenthesis.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[19]);
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while the process that wrote this identity still runs (same pid and, where known, same start). */
export function isSameProcessAlive(owner: ProcessIdentity): boolean {
  if (!isAlive(owner.pid)) return false;
  if (owner.startTime === null) return true;
  const now = processStartTime(owner.pid);
  return now === null || now === owner.startTime;
}

export async function writeOwner(dataDir: string): Promise<void> {
  const me: ProcessIdentity = { pid: process.pid, startTime: processStartTime(process.pid) };
  await fs.writeFile(ownerFile(dataDir), JSON.stringify(me) + '\n', { mode: 0o600 });
}

export async function readOwner(dataDir: string): Promise<ProcessIdentity | null> {
  try {
    const owner = JSON.parse(await fs.readFile(ownerFile(dataDir), 'utf8')) as ProcessIdentity;
    return Number.isInteger(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

/** The postmaster's pid from `postmaster.pid` (first line), or null without a lock file. */
export async function postmasterPid(dataDir: string): Promise<number | null> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return null;
  const pid = Number((await fs.readFile(lockFile, 'utf8')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Whether `pid` is a postmaster serving `dataDir`: its command line is `…/postgres -D <dataDir> …` (null
 * when the platform has no /proc to tell).
 */
export function isPostmasterOf(pid: number, dataDir: string): boolean | null {
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return existsSync('/proc/self/cmdline') ? false : null;
  }
  const d = argv.indexOf('-D');
  return path.basename(argv[0] ?? '') === 'postgres' && d >= 0 && path.resolve(argv[d + 1] ?? '') === dataDir;
}

/** Waits until `pid` has exited, up to `timeoutMs`; true if it did. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * Stops an orphaned postmaster: SIGINT is PostgreSQL's "fast" shutdown (roll back open transactions, write
 * a checkpoint, exit). SIGQUIT ("immediate", crash recovery at next start) only if it does not finish.
 */
export async function stopPostmaster(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 60_000)) return;
  process.kill(pid, 'SIGQUIT');
  await waitForExit(pid, 10_000);
}

/**
 * The watchdog's program (run with `node -e`, no files needed): every 200 ms it checks the owner; once the
 * owner is gone it fast-stops the postmaster if that still serves the folder, and exits. It also exits when
 * the postmaster is gone (a normal stop). It ignores the terminal's signals, so that Ctrl+C leaves the
 * ordered shutdown to the owner.
 */
const WATCHDOG = `
const fs = require('node:fs'), path = require('node:path');
const [ownerPid, ownerStart, pgPid, dataDir] = process.argv.slice(1);
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const start = (pid) => { try { const s = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
  return s.slice(s.lastIndexOf(')') + 2).split(' ')[19]; } catch { return null; } };
const ownerAlive = () => alive(+ownerPid) && (ownerStart === '' || start(+ownerPid) === ownerStart);
const serves = () => { try { const a = fs.readFileSync('/proc/' + pgPid + '/cmdline', 'utf8').split('\\0');
  const d = a.indexOf('-D'); return d >= 0 && path.resolve(a[d + 1]) === dataDir; } catch { return alive(+pgPid); } };
const timer = setInterval(() => {
  if (!alive(+pgPid)) process.exit(0);
  if (ownerAlive()) return;
  clearInterval(timer);
  if (!serves()) process.exit(0);
  try { process.kill(+pgPid, 'SIGINT'); } catch {}
  const until = Date.now() + 60000;
  const wait = setInterval(() => {
    if (!alive(+pgPid)) process.exit(0);
    if (Date.now() > until) { try { process.kill(+pgPid, 'SIGQUIT'); } catch {} process.exit(0); }
  }, 100);
}, 200);
`;

/** Starts the watchdog for a postmaster this process just started; returns the watchdog's pid. */
export function startWatchdog(postmaster: number, dataDir: string): number | undefined {
  const child = spawn(
    process.execPath,
    [
      '-e',
      WATCHDOG,
      String(process.pid),
      String(processStartTime(process.pid) ?? ''),
      String(postmaster),
      dataDir,
    ],
    // Its own process group and no pipes: it must survive this process and the terminal's Ctrl+C.
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  return child.pid;
}
