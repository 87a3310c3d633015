/**
 * The workflow bundles the integration suites share, built once per test run by globalSetup instead of by
 * webpack at every worker's start (3.5-4.5 s of CPU each, some 70 starts per run). Each bundle is what the
 * suites' workers would otherwise have bundled: the case workflows exactly as `npm run build` bundles them
 * (scripts/bundle-workflows.ts), the engine's test workflows with the SDK's defaults (what Worker.create does
 * with only `workflowsPath`). Outside a jest run (no globalSetup) the getters answer undefined and the
 * workers bundle from the sources as before.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '../..');

/** The engine suites' workflows (test/embedded-temporal/workflows). */
export const ENGINE_TEST_WORKFLOWS = path.join(root, 'test/embedded-temporal/workflows');

const CASE_BUNDLE_ENV = 'NETRAL_TEST_CASE_WORKFLOW_BUNDLE';
const ENGINE_BUNDLE_ENV = 'NETRAL_TEST_ENGINE_WORKFLOW_BUNDLE';

/** The prebuilt case-workflow bundle's file, if this run has one. */
export function sharedCaseWorkflowBundle(): string | undefined {
  return process.env[CASE_BUNDLE_ENV] || undefined;
}

/**
 * The engine suites' workflow code for Worker.create or a replay: the run's prebuilt bundle, else the
 * sources (bundled by the SDK).
 */
export function engineTestWorkflowCode():
  { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = process.env[ENGINE_BUNDLE_ENV];
  return bundle ? { workflowBundle: { codePath: bundle } } : { workflowsPath: ENGINE_TEST_WORKFLOWS };
}

/**
 * Builds both bundles into `dir`, in two processes at once (webpack runs on one core), and names them in
 * the environment the test files inherit.
 */
export async function buildSharedWorkflowBundles(dir: string): Promise<void> {
  const caseBundle = path.join(dir, 'case-workflows.js');
  const engineBundle = path.join(dir, 'engine-test-workflows.js');
  await Promise.all([
    runTsx(path.join(root, 'scripts/bundle-workflows.ts'), caseBundle),
    runTsx(path.join(__dirname, 'bin/bundle-engine-test-workflows.ts'), engineBundle),
  ]);
  process.env[CASE_BUNDLE_ENV] = caseBundle;
  process.env[ENGINE_BUNDLE_ENV] = engineBundle;
}

function runTsx(script: string, output: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', script, output], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(script)} exited ${code}: ${stderr}`)),
    );
  });
}
