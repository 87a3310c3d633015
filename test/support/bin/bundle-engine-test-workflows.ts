/**
 * Bundles the engine suites' workflows (test/embedded-temporal/workflows) into the file named by the first
 * argument, with the SDK's default options: the code Worker.create would bundle from `workflowsPath` alone.
 * Run by globalSetup (test/support/workflow-bundles.ts).
 */
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ENGINE_TEST_WORKFLOWS } from '../workflow-bundles';

async function main(output: string | undefined): Promise<void> {
  if (!output) throw new Error('usage: bundle-engine-test-workflows.ts <output file>');
  const { code } = await bundleWorkflowCode({ workflowsPath: ENGINE_TEST_WORKFLOWS });
  await writeFile(output, code);
}

main(process.argv[2]).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
