/**
 * `BENCH_API_NODE_OPTIONS="--require dist/bench/command-alloc-hook.js" COMMAND_ALLOC_DIR=<dir> npx tsx
 * bench/command-trace.ts`: what the API allocates per officer command. V8's sampling heap profiler (one sample
 * per ~512 bytes, objects later freed by a scavenge or a mark-compact counted too) runs from the first
 * measured command (after COMMAND_ALLOC_SKIP requests from command-trace, 30 = its 10 warm-up cycles) until
 * the process exits, and `<dir>/api-<pid>.json` holds `{ served, profile }`. Bytes allocated per command do
 * not depend on the machine's load as CPU milliseconds do: on the shared 2-core machine they tell an A/B apart
 * when CPU per command cannot (bench/notes/s19-api-cpu.md). Only the API part is sampled.
 */
import { writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { Session } from 'node:inspector';
import * as path from 'node:path';

const dir = process.env.COMMAND_ALLOC_DIR;

function install(outDir: string): void {
  const skip = Number(process.env.COMMAND_ALLOC_SKIP ?? 30);
  const session = new Session();
  session.connect();
  let seen = 0;
  let served = 0;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    const id = event === 'request' ? (args[0] as http.IncomingMessage).headers['x-request-id'] : undefined;
    // command-trace's own requests only (`ct-…`): health checks and the like are not commands.
    if (typeof id === 'string' && id.startsWith('ct-')) {
      seen++;
      if (seen === skip + 1) {
        session.post('HeapProfiler.startSampling', {
          samplingInterval: 512,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
      }
      if (seen > skip) served++;
    }
    return (emit as (...a: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof emit;
  process.on('exit', () => {
    if (served === 0) return;
    // An in-process session answers synchronously, so the profile is written before the process ends.
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (error) return;
      writeFileSync(
        path.join(outDir, `api-${process.pid}.json`),
        JSON.stringify({ served, profile: result.profile }),
      );
    });
  });
}

if (dir && process.env.BENCH_PART === 'api') install(dir);
