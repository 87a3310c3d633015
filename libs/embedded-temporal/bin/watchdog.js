/**
 * Watchdog of the command line: when its parent disappears (the SDK kills the server with SIGKILL), it
 * stops the embedded PostgreSQL (fast shutdown) and removes a throw-away cluster's folder.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

let job;
process.on('message', (m) => (job = m));
process.on('disconnect', () => {
  if (!job) process.exit(0);
  const pidFile = path.join(job.dataDir, 'postmaster.pid');
  let pid;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    pid = undefined;
  }
  if (pid) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      pid = undefined;
    }
  }
  const started = Date.now();
  const finish = () => {
    if (job.removeDir) fs.rmSync(job.removeDir, { recursive: true, force: true });
    process.exit(0);
  };
  const check = () => {
    let alive = false;
    try {
      if (pid) process.kill(pid, 0);
      alive = !!pid;
    } catch {
      alive = false;
    }
    if (!alive || Date.now() - started > 15000) finish();
    else setTimeout(check, 100);
  };
  check();
});
