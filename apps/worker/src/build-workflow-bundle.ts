/**
 * Builds the case workflows' bundle ahead of time, for production workers (no webpack at start):
 *
 *   npx tsx apps/worker/src/build-workflow-bundle.ts dist/workflow-bundle.js
 *
 * then run the worker with WORKFLOW_BUNDLE_PATH=dist/workflow-bundle.js. Rebuild it with every change to
 * libs/workflows or libs/domain (a stale bundle runs old workflow code).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { caseWorkflowBundle } from './case-worker';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: build-workflow-bundle <output.js>');
  const { workflowsPath, bundlerOptions } = caseWorkflowBundle();
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath!, ...bundlerOptions });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, code);
  process.stdout.write(`workflow bundle written to ${out} (${code.length} bytes)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
