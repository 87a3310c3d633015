/**
 * The command line as Temporal CLI's `server start-dev` stand-in: @temporalio/testing launches it with its
 * usual arguments, and a worker and client run a workflow against it.
 */
import * as path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import * as activities from './activities';
import { engineTestWorkflowCode } from '../support/workflow-bundles';

const bin = path.join(__dirname, '../../libs/embedded-temporal/bin/netral-temporal.js');

describe('netral-temporal command line', () => {
  let env: TestWorkflowEnvironment | undefined;
  afterAll(async () => {
    await env?.teardown();
  });

  it('works with TestWorkflowEnvironment.createLocal', async () => {
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: bin }, namespace: 'kasus' },
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: 'kasus',
      taskQueue: 'cli',
      ...engineTestWorkflowCode(),
      activities,
    });
    const result = await worker.runUntil(
      env.client.workflow.execute('greet', { taskQueue: 'cli', workflowId: 'cli-1', args: ['CLI'] }),
    );
    expect(result).toBe('Hello, CLI!');
  });
});
