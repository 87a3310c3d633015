import * as os from 'node:os';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface LatencySummary {
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `operation` from `concurrency` workers until `total` operations are done; times each one. */
export async function measure(
  concurrency: number,
  total: number,
  operation: (worker: number, i: number) => Promise<unknown>,
): Promise<LatencySummary> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) {
        const t0 = process.hrtime.bigint();
        await operation(worker, i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]);
  return {
    operations: total,
    seconds: round(seconds),
    perSecond: round(total / seconds),
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
  };
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export async function writeResult(name: string, result: unknown): Promise<string> {
  const file = path.join(__dirname, 'results', `${name}.json`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(
    file,
    JSON.stringify(
      { benchmark: name, at: new Date().toISOString(), machine: machine(), ...(result as object) },
      null,
      2,
    ) + '\n',
  );
  return file;
}
