import { startEnv, type TemporalTestEnv } from './support';

let env: TemporalTestEnv;
beforeAll(async () => {
  env = await startEnv('smoke');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

it('runs a workflow with an activity', async () => {
  const result = await env.client.workflow.execute('greet', {
    taskQueue: env.taskQueue,
    workflowId: 'smoke-1',
    args: ['World'],
  });
  expect(result).toBe('Hello, World!');
});
