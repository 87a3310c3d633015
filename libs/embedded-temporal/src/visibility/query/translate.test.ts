/**
 * The translator against real PostgreSQL: translated queries must parse, bind and return the expected rows.
 */
import { Client } from 'pg';
import { createTestDatabase } from '../../../../../test/support/database';
import { type SearchAttributeType, translateVisibilityQuery } from './index';

const custom: Record<string, SearchAttributeType> = {
  CustomKeywordField: 'Keyword',
  Tags: 'KeywordList',
  Notes: 'Text',
  Score: 'Int',
  Ratio: 'Double',
  Flag: 'Bool',
  Due: 'Datetime',
};

interface Row {
  namespace?: string;
  workflowId: string;
  type: string;
  taskQueue: string;
  status: string;
  start: string;
  close?: string;
  historyLength: number;
  parent?: string;
  attributes?: Record<string, unknown> | null;
}

const rows: Row[] = [
  {
    workflowId: 'wf-a',
    type: 'Pemeriksaan',
    taskQueue: 'q1',
    status: 'Running',
    start: '2024-01-01T00:00:00Z',
    historyLength: 10,
    attributes: {
      CustomKeywordField: 'v',
      Tags: ['a', 'b'],
      Notes: 'Pelanggaran netralitas ASN di media sosial',
      Score: 5,
      Ratio: 0.5,
      Flag: true,
      Due: '2024-03-01T00:00:00Z',
    },
  },
  {
    workflowId: 'wf-b',
    type: 'Pemeriksaan',
    taskQueue: 'q1',
    status: 'Completed',
    start: '2024-01-02T00:00:00Z',
    close: '2024-01-02T01:00:00Z',
    historyLength: 20,
    parent: 'wf-a',
    attributes: {
      CustomKeywordField: 'w',
      Tags: ['b'],
      Score: 15,
      Ratio: 2.25,
      Flag: false,
      Due: '2024-01-15T00:00:00+07:00',
    },
  },
  {
    workflowId: 'wf-c',
    type: 'Banding',
    taskQueue: 'q2',
    status: 'Failed',
    start: '2024-02-01T00:00:00Z',
    close: '2024-02-03T00:00:00Z',
    historyLength: 3,
    attributes: { Notes: 'kampanye terselubung' },
  },
  {
    // Wildcards in the id, and stored values of the wrong type, which must not break any query.
    workflowId: 'wf_d%',
    type: 'Banding',
    taskQueue: 'q2',
    status: 'TimedOut',
    start: '2024-03-01T00:00:00Z',
    close: '2024-03-01T00:00:00.5Z',
    historyLength: 7,
    attributes: { CustomKeywordField: null, Score: 'not-a-number', Flag: 'yes', Due: 'garbage', Tags: 'b' },
  },
  {
    workflowId: 'wf-e',
    type: 'Pemeriksaan',
    taskQueue: 'q1',
    status: 'Running',
    start: '2024-03-02T00:00:00Z',
    historyLength: 1,
    attributes: null,
  },
  {
    namespace: 'other',
    workflowId: 'wf-a',
    type: 'Pemeriksaan',
    taskQueue: 'q1',
    status: 'Running',
    start: '2024-01-01T00:00:00Z',
    historyLength: 10,
    attributes: { CustomKeywordField: 'v' },
  },
];

let client: Client;

beforeAll(async () => {
  client = new Client({ connectionString: await createTestDatabase('visibility_query') });
  await client.connect();
  await client.query(`
    CREATE SCHEMA temporal;
    CREATE TABLE temporal.executions_visibility (
      namespace text NOT NULL,
      workflow_id text NOT NULL,
      run_id text NOT NULL,
      workflow_type text NOT NULL,
      task_queue text NOT NULL,
      status text NOT NULL,
      start_time timestamptz NOT NULL,
      close_time timestamptz NULL,
      execution_time timestamptz NOT NULL,
      history_length int NOT NULL,
      parent_workflow_id text NULL,
      search_attributes jsonb NULL,
      PRIMARY KEY (namespace, run_id)
    )`);
  for (const [i, row] of rows.entries()) {
    await client.query(
      `INSERT INTO temporal.executions_visibility VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9, $10, $11)`,
      [
        row.namespace ?? 'default',
        row.workflowId,
        `run-${i}`,
        row.type,
        row.taskQueue,
        row.status,
        row.start,
        row.close ?? null,
        row.historyLength,
        row.parent ?? null,
        row.attributes === null ? null : JSON.stringify(row.attributes ?? {}),
      ],
    );
  }
});

afterAll(async () => {
  await client?.end();
});

/** Workflow ids in namespace "default" matching the query, sorted by code unit (not the DB collation). */
async function matching(query: string): Promise<string[]> {
  const { where, params } = translateVisibilityQuery(query, custom);
  const result = await client.query<{ workflow_id: string }>(
    `SELECT workflow_id FROM temporal.executions_visibility WHERE namespace = $1 AND (${where})`,
    ['default', ...params],
  );
  return result.rows.map((r) => r.workflow_id).sort();
}

const ALL = ['wf-a', 'wf-b', 'wf-c', 'wf-e', 'wf_d%'];

describe('translated queries on PostgreSQL', () => {
  it.each<[string, string[]]>([
    // The TypeScript SDK's own test queries.
    ["WorkflowId = 'wf-a'", ['wf-a']],
    ["WorkflowId IN ('wf-a','wf-c')", ['wf-a', 'wf-c']],
    ["ExecutionStatus = 'Running' AND CustomKeywordField = 'v'", ['wf-a']],
    // Empty query: the whole namespace.
    ['', ALL],
    // Keyword columns.
    ["WorkflowType = 'Banding'", ['wf-c', 'wf_d%']],
    ["TaskQueue != 'q1'", ['wf-c', 'wf_d%']],
    ["RunId = 'run-1'", ['wf-b']],
    ["ParentWorkflowId = 'wf-a'", ['wf-b']],
    ['ParentWorkflowId IS NULL', ['wf-a', 'wf-c', 'wf-e', 'wf_d%']],
    ["WorkflowId NOT IN ('wf-a', 'wf-b')", ['wf-c', 'wf-e', 'wf_d%']],
    ["WorkflowId STARTS_WITH 'wf-'", ['wf-a', 'wf-b', 'wf-c', 'wf-e']],
    ["WorkflowId STARTS_WITH 'wf_'", ['wf_d%']],
    ["WorkflowId STARTS_WITH 'wf_d%'", ['wf_d%']],
    ["WorkflowId NOT STARTS_WITH 'wf-'", ['wf_d%']],
    ["WorkflowId BETWEEN 'wf-b' AND 'wf-c'", ['wf-b', 'wf-c']],
    // Status, by name, number and enum order.
    ["ExecutionStatus = 'Running'", ['wf-a', 'wf-e']],
    ['ExecutionStatus = 2', ['wf-b']],
    ["ExecutionStatus IN ('Failed', 'TimedOut')", ['wf-c', 'wf_d%']],
    ["ExecutionStatus > 'Completed'", ['wf-c', 'wf_d%']],
    ["ExecutionStatus BETWEEN 'Running' AND 'Completed'", ['wf-a', 'wf-b', 'wf-e']],
    // Datetimes and numbers.
    ["StartTime >= '2024-02-01T00:00:00Z'", ['wf-c', 'wf-e', 'wf_d%']],
    ["StartTime < '2024-01-02T07:00:00+07:00'", ['wf-a']],
    ['StartTime = 1704067200000000000', ['wf-a']],
    ["CloseTime BETWEEN '2024-01-01T00:00:00Z' AND '2024-02-28T00:00:00Z'", ['wf-b', 'wf-c']],
    ['CloseTime IS NULL', ['wf-a', 'wf-e']],
    ["ExecutionTime > '2024-02-15T00:00:00Z'", ['wf-e', 'wf_d%']],
    ['HistoryLength > 5 AND HistoryLength <= 10', ['wf-a', 'wf_d%']],
    ['HistoryLength IN (1, 3)', ['wf-c', 'wf-e']],
    ["ExecutionDuration >= '1h'", ['wf-b', 'wf-c']],
    ['ExecutionDuration < 1000000000', ['wf_d%']],
    ["ExecutionDuration > '1d'", ['wf-c']],
    // Custom attributes.
    ["CustomKeywordField != 'v'", ['wf-b']],
    ['CustomKeywordField IS NULL', ['wf-c', 'wf-e', 'wf_d%']],
    ['CustomKeywordField IS NOT NULL', ['wf-a', 'wf-b']],
    ["CustomKeywordField IN ('v', 'w')", ['wf-a', 'wf-b']],
    ["Tags = 'a'", ['wf-a']],
    ["Tags = 'b'", ['wf-a', 'wf-b']],
    ["Tags != 'a'", ['wf-b', 'wf_d%']],
    ["Tags IN ('a', 'zzz')", ['wf-a']],
    ["Tags NOT IN ('a')", ['wf-b', 'wf_d%']],
    ["Notes = 'netralitas'", ['wf-a']],
    ["Notes = 'NETRALITAS'", ['wf-a']],
    ["Notes = 'zzz kampanye'", ['wf-c']],
    ["Notes != 'kampanye'", ['wf-a']],
    ["Notes = 'a&b | !c:*'", []],
    ['Score > 10', ['wf-b']],
    ['Score BETWEEN 1 AND 15', ['wf-a', 'wf-b']],
    ['Score IS NOT NULL', ['wf-a', 'wf-b', 'wf_d%']],
    ['Ratio < 1', ['wf-a']],
    ['Ratio = 2.25', ['wf-b']],
    ['Flag = true', ['wf-a']],
    ['Flag != true', ['wf-b']],
    ["Due < '2024-02-01T00:00:00Z'", ['wf-b']],
    ["Due = '2024-01-14T17:00:00Z'", ['wf-b']],
    ["Due BETWEEN '2024-01-01T00:00:00Z' AND '2024-12-31T00:00:00Z'", ['wf-a', 'wf-b']],
    // Boolean structure.
    ["WorkflowType = 'Banding' OR TaskQueue = 'q1' AND HistoryLength > 15", ['wf-b', 'wf-c', 'wf_d%']],
    ["(WorkflowType = 'Banding' OR TaskQueue = 'q1') AND HistoryLength > 15", ['wf-b']],
    ["NOT WorkflowType = 'Banding'", ['wf-a', 'wf-b', 'wf-e']],
    ["NOT (WorkflowType = 'Banding' OR ExecutionStatus = 'Running')", ['wf-b']],
  ])('%s', async (query, expected) => {
    expect(await matching(query)).toEqual(expected);
  });

  it('GROUP BY ExecutionStatus counts per status', async () => {
    const { where, params, groupBy } = translateVisibilityQuery(
      "TaskQueue = 'q1' GROUP BY ExecutionStatus",
      custom,
    );
    expect(groupBy).toBe('ExecutionStatus');
    const result = await client.query<{ status: string; count: string }>(
      `SELECT status, COUNT(*) AS count FROM temporal.executions_visibility
       WHERE namespace = $1 AND (${where}) GROUP BY status ORDER BY status`,
      ['default', ...params],
    );
    expect(result.rows).toEqual([
      { status: 'Completed', count: '1' },
      { status: 'Running', count: '2' },
    ]);
  });

  it('hostile values match nothing and leave the table alone', async () => {
    for (const value of [
      "x'; DROP TABLE temporal.executions_visibility; --",
      "' OR '1'='1",
      "\\'; SELECT pg_sleep(10); --",
    ]) {
      const quoted = `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
      expect(await matching(`WorkflowId = ${quoted} OR Tags IN (${quoted}) OR Notes = ${quoted}`)).toEqual(
        [],
      );
    }
    const count = await client.query<{ n: string }>(
      'SELECT COUNT(*) AS n FROM temporal.executions_visibility',
    );
    expect(count.rows[0].n).toBe(String(rows.length));
  });
});
