import type { Changes } from '../store/persist';
import type { Db } from '../store/execution-store';
import type { ExecutionState } from './state';
import { GroupCommit } from './group-commit';

/** One run's change: its state update and one new event (only the fields the write reads). */
const change = (runId: string): Changes => ({
  runs: [
    {
      state: {
        runId,
        namespace: 'default',
        workflowId: `wf-${runId}`,
        status: 'RUNNING',
        nextEventId: 3,
      } as unknown as ExecutionState,
      isNew: false,
      events: [{ id: 2, data: Buffer.from([8, 2]) }],
      deadlineDeletes: [],
      workflowTaskDeletes: [],
      completedUpdates: [],
    },
  ],
  taskDeletes: [],
  tasks: [],
  deadlines: [],
  currentRuns: [],
});

/** A database whose statements answer only when the test says so; it records the runs each one wrote. */
function fakeDb() {
  const statements: { runs: string[]; answer: (error?: Error) => void }[] = [];
  const db = {
    query: (q: { values: unknown[] }) =>
      new Promise((resolve, reject) => {
        // The run ids, wherever the statement carries them (arrays, JSON rows).
        const runs = JSON.stringify(q.values).match(/run-\d+/g) ?? [];
        statements.push({
          runs: [...new Set(runs)],
          answer: (error) => (error ? reject(error) : resolve({ rows: [] })),
        });
      }),
  };
  return { db: db as unknown as Db, statements };
}

const settled = async <T>(p: Promise<T>) => {
  let state = 'pending';
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return state;
};

describe('GroupCommit', () => {
  it('writes that come while one is in flight go as one statement after it, each answered after that commit', async () => {
    const { db, statements } = fakeDb();
    const group = new GroupCommit();
    const first = group.write(db, change('run-1'));
    const second = group.write(db, change('run-2'));
    const third = group.write(db, change('run-3'));
    await settled(first);
    expect(statements.map((s) => s.runs)).toEqual([['run-1']]);

    statements[0].answer();
    expect(await settled(first)).toBe('resolved');
    expect(statements.map((s) => s.runs)).toEqual([['run-1'], ['run-2', 'run-3']]);
    expect(await settled(second)).toBe('pending');

    statements[1].answer();
    expect(await settled(second)).toBe('resolved');
    expect(await settled(third)).toBe('resolved');
  });

  it('a merged statement that fails is written again alone per transaction: only the failing one fails', async () => {
    const { db, statements } = fakeDb();
    const group = new GroupCommit();
    const first = group.write(db, change('run-1'));
    const second = group.write(db, change('run-2'));
    const third = group.write(db, change('run-3'));
    statements[0].answer();
    await settled(first);
    statements[1].answer(new Error('duplicate key'));
    await settled(second);
    expect(statements.map((s) => s.runs)).toEqual([['run-1'], ['run-2', 'run-3'], ['run-2']]);

    statements[2].answer(new Error('duplicate key of run-2'));
    await settled(second);
    expect(statements.map((s) => s.runs)).toEqual([['run-1'], ['run-2', 'run-3'], ['run-2'], ['run-3']]);
    statements[3].answer();
    await expect(second).rejects.toThrow('duplicate key of run-2');
    await expect(third).resolves.toBeUndefined();
  });

  it('off, every write goes alone and at once', async () => {
    const { db, statements } = fakeDb();
    const group = new GroupCommit(false);
    void group.write(db, change('run-1'));
    void group.write(db, change('run-2'));
    await Promise.resolve();
    expect(statements.map((s) => s.runs)).toEqual([['run-1'], ['run-2']]);
  });
});
