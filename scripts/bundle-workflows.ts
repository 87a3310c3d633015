/**
 * Part of `npm run build`: bundles the case workflows ahead of time into
 * dist/workflow-bundle/case-workflows.js, so a production worker starts without webpack and every worker
 * runs byte-identical workflow code (see caseWorkflowBundle in apps/worker/src/case-worker.ts). An argument
 * names another output file (the test run's shared bundle, test/support/workflow-bundles.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { casePayloadConverterPath, caseWorkflowSources } from '../apps/worker/src/case-worker';

async function main(output: string | undefined): Promise<void> {
  const { workflowsPath, bundlerOptions } = caseWorkflowSources();
  // The worker's payload converter goes into the bundle (createCaseWorker names the same one).
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    payloadConverterPath: casePayloadConverterPath(),
    ...bundlerOptions,
  });
  const file = output ?? join(__dirname, '..', 'dist', 'workflow-bundle', 'case-workflows.js');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, code);
  console.log(`bundled ${workflowsPath} into ${file} (${Math.round(code.length / 1024)} KiB)`);
}

main(process.argv[2]).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
