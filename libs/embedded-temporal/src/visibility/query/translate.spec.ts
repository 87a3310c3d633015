import { InvalidVisibilityQueryError, type SearchAttributeType, translateVisibilityQuery } from './index';

const custom: Record<string, SearchAttributeType> = {
  CustomKeywordField: 'Keyword',
  CustomTextField: 'Text',
  CustomIntField: 'Int',
  CustomDoubleField: 'Double',
  CustomBoolField: 'Bool',
  CustomDatetimeField: 'Datetime',
  CustomKeywordListField: 'KeywordList',
};

const translate = (query: string, firstParamIndex?: number) =>
  translateVisibilityQuery(query, custom, firstParamIndex === undefined ? undefined : { firstParamIndex });

/** The message of the error a query raises (fails the test if it does not raise one). */
function errorOf(query: string): string {
  try {
    translate(query);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidVisibilityQueryError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be refused`);
}

describe('translateVisibilityQuery: queries the TypeScript SDK tests send', () => {
  it("WorkflowId = 'x'", () => {
    expect(translate("WorkflowId = 'x'")).toEqual({ where: 'workflow_id = $2::text', params: ['x'] });
  });

  it("WorkflowId IN ('a','b')", () => {
    expect(translate("WorkflowId IN ('a','b')")).toEqual({
      where: 'workflow_id IN ($2::text, $3::text)',
      params: ['a', 'b'],
    });
  });

  it("TaskQueue = 'q' GROUP BY ExecutionStatus", () => {
    expect(translate("TaskQueue = 'q' GROUP BY ExecutionStatus")).toEqual({
      where: 'task_queue = $2::text',
      params: ['q'],
      groupBy: 'ExecutionStatus',
    });
  });

  it("ExecutionStatus = 'Running' AND CustomKeywordField = 'v'", () => {
    expect(translate("ExecutionStatus = 'Running' AND CustomKeywordField = 'v'")).toEqual({
      where: 'status = $2::text AND (search_attributes ->> $3::text) = $4::text',
      params: ['Running', 'CustomKeywordField', 'v'],
    });
  });
});

describe('translateVisibilityQuery: shape of the result', () => {
  it('translates an empty or blank query to TRUE', () => {
    expect(translate('')).toEqual({ where: 'TRUE', params: [] });
    expect(translate('   \n\t ')).toEqual({ where: 'TRUE', params: [] });
  });

  it('accepts GROUP BY alone (count of every execution by status)', () => {
    expect(translate('GROUP BY ExecutionStatus')).toEqual({
      where: 'TRUE',
      params: [],
      groupBy: 'ExecutionStatus',
    });
    expect(translate('group  by `ExecutionStatus`')).toEqual({
      where: 'TRUE',
      params: [],
      groupBy: 'ExecutionStatus',
    });
  });

  it('numbers placeholders from firstParamIndex', () => {
    expect(translate("WorkflowId = 'a' OR RunId = 'b'", 5)).toEqual({
      where: 'workflow_id = $5::text OR run_id = $6::text',
      params: ['a', 'b'],
    });
  });

  it('refuses a firstParamIndex that is not a positive integer', () => {
    expect(() => translate("WorkflowId = 'a'", 0)).toThrow(RangeError);
    expect(() => translate("WorkflowId = 'a'", 1.5)).toThrow(RangeError);
  });

  it('refuses a custom attribute configured with an unknown type', () => {
    expect(() =>
      translateVisibilityQuery("X = 'a'", { X: 'String' as unknown as SearchAttributeType }),
    ).toThrow(TypeError);
  });

  it('binds one placeholder per custom attribute key, however often it is used', () => {
    const result = translate("CustomKeywordField = 'a' OR CustomKeywordField = 'b'");
    expect(result.where).toBe(
      '(search_attributes ->> $2::text) = $3::text OR (search_attributes ->> $2::text) = $4::text',
    );
    expect(result.params).toEqual(['CustomKeywordField', 'a', 'b']);
  });
});

describe('translateVisibilityQuery: built-in attributes', () => {
  it.each([
    ['WorkflowId', 'workflow_id'],
    ['RunId', 'run_id'],
    ['WorkflowType', 'workflow_type'],
    ['TaskQueue', 'task_queue'],
    ['ParentWorkflowId', 'parent_workflow_id'],
  ])('%s is the %s column (Keyword)', (name, column) => {
    expect(translate(`${name} = 'v'`)).toEqual({ where: `${column} = $2::text`, params: ['v'] });
  });

  it.each([
    ['StartTime', 'start_time'],
    ['CloseTime', 'close_time'],
    ['ExecutionTime', 'execution_time'],
  ])('%s is the %s column (Datetime)', (name, column) => {
    expect(translate(`${name} >= '2024-05-01T10:00:00Z'`)).toEqual({
      where: `${column} >= $2::timestamptz`,
      params: ['2024-05-01T10:00:00.000000Z'],
    });
  });

  it('HistoryLength is the history_length column (Int)', () => {
    expect(translate('HistoryLength > 10')).toEqual({
      where: 'history_length > $2::numeric',
      params: ['10'],
    });
  });

  it('ExecutionStatus compares status names, accepting enum numbers and proto names', () => {
    expect(translate("ExecutionStatus = 'Completed'").params).toEqual(['Completed']);
    expect(translate('ExecutionStatus = 2').params).toEqual(['Completed']);
    expect(translate("ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT'").params).toEqual(['TimedOut']);
    expect(translate("ExecutionStatus != 'Running'")).toEqual({
      where: 'status <> $2::text',
      params: ['Running'],
    });
    expect(translate("ExecutionStatus IN ('Failed', 'TimedOut')")).toEqual({
      where: 'status IN ($2::text, $3::text)',
      params: ['Failed', 'TimedOut'],
    });
  });

  it('ExecutionStatus orders by enum number, as the real integer column does', () => {
    const result = translate("ExecutionStatus > 'Running'");
    expect(result.where).toMatch(
      /^\(CASE status WHEN 'Unspecified' THEN 0 WHEN 'Running' THEN 1 .* END\) > \$2::integer$/,
    );
    expect(result.params).toEqual([1]);
    expect(translate("ExecutionStatus BETWEEN 'Completed' AND 'Terminated'").params).toEqual([2, 5]);
  });

  it('ExecutionDuration is close_time - execution_time in nanoseconds, from numbers or durations', () => {
    const expression = '(EXTRACT(EPOCH FROM (close_time - execution_time)) * 1000000000)';
    expect(translate('ExecutionDuration > 1000')).toEqual({
      where: `${expression} > $2::numeric`,
      params: ['1000'],
    });
    expect(translate("ExecutionDuration < '1h30m'").params).toEqual(['5400000000000']);
    expect(translate("ExecutionDuration < '2d'").params).toEqual(['172800000000000']);
    expect(translate("ExecutionDuration < '01:00:05'").params).toEqual(['3605000000000']);
    expect(translate("ExecutionDuration < '250ms'").params).toEqual(['250000000']);
  });

  it('resolves aliases like the real server: the Temporal prefix and ScheduleId', () => {
    expect(translate("TemporalWorkflowId = 'x'").where).toBe('workflow_id = $2::text');
    expect(translate("ScheduleId = 'x'").where).toBe('workflow_id = $2::text');
    expect(translate("TemporalScheduleId = 'x'").where).toBe('workflow_id = $2::text');
    expect(translate("ChangeVersion = 'v1'").params).toEqual(['TemporalChangeVersion', 'v1']);
  });

  it('reads predefined attributes from search_attributes', () => {
    expect(translate("BuildIds = 'b1'")).toEqual({
      where: '(search_attributes -> $2::text) @> jsonb_build_array($3::text)',
      params: ['BuildIds', 'b1'],
    });
    expect(translate('TemporalSchedulePaused = false').params).toEqual(['TemporalSchedulePaused', false]);
  });

  it('a custom attribute cannot shadow a system attribute', () => {
    const result = translateVisibilityQuery("WorkflowId = 'x'", { WorkflowId: 'Int' });
    expect(result.where).toBe('workflow_id = $2::text');
  });

  it('refuses system attributes this table does not record', () => {
    expect(errorOf('HistorySizeBytes > 10')).toBe(
      'invalid query: operation is not supported: search attribute HistorySizeBytes is not recorded by the embedded visibility store',
    );
    expect(errorOf("RootWorkflowId = 'x'")).toContain('RootWorkflowId is not recorded');
  });
});

describe('translateVisibilityQuery: custom attributes', () => {
  it('Keyword: equality, ordering, IN, STARTS_WITH', () => {
    expect(translate("CustomKeywordField != 'a'").where).toBe('(search_attributes ->> $2::text) <> $3::text');
    expect(translate("CustomKeywordField < 'm'").where).toBe('(search_attributes ->> $2::text) < $3::text');
    expect(translate("CustomKeywordField NOT IN ('a', 'b')")).toEqual({
      where: '(search_attributes ->> $2::text) NOT IN ($3::text, $4::text)',
      params: ['CustomKeywordField', 'a', 'b'],
    });
    expect(translate("CustomKeywordField STARTS_WITH 'pre'")).toEqual({
      where: "(search_attributes ->> $2::text) LIKE $3::text ESCAPE '!'",
      params: ['CustomKeywordField', 'pre%'],
    });
  });

  it('KeywordList: = is "contains", IN is "contains any", and their negations', () => {
    const list = '(search_attributes -> $2::text)';
    expect(translate("CustomKeywordListField = 'a'")).toEqual({
      where: `${list} @> jsonb_build_array($3::text)`,
      params: ['CustomKeywordListField', 'a'],
    });
    expect(translate("CustomKeywordListField != 'a'").where).toBe(
      `NOT ${list} @> jsonb_build_array($3::text)`,
    );
    expect(translate("CustomKeywordListField IN ('a', 'b')").where).toBe(
      `(${list} @> jsonb_build_array($3::text) OR ${list} @> jsonb_build_array($4::text))`,
    );
    expect(translate("CustomKeywordListField NOT IN ('a', 'b')").where).toBe(
      `NOT (${list} @> jsonb_build_array($3::text) OR ${list} @> jsonb_build_array($4::text))`,
    );
  });

  it('Text: = matches any of the words (full text, simple configuration)', () => {
    expect(translate("CustomTextField = 'quick  fox'")).toEqual({
      where:
        "to_tsvector('simple', search_attributes ->> $2::text) @@ " +
        "(plainto_tsquery('simple', $3::text) || plainto_tsquery('simple', $4::text))",
      params: ['CustomTextField', 'quick', 'fox'],
    });
    expect(translate("CustomTextField != 'fox'").where).toMatch(/^NOT to_tsvector/);
  });

  it('Int and Double: numeric comparisons on the jsonb number', () => {
    const number =
      "(CASE WHEN jsonb_typeof(search_attributes -> $2::text) = 'number' THEN (search_attributes ->> $2::text)::numeric END)";
    expect(translate('CustomIntField <= -3')).toEqual({
      where: `${number} <= $3::numeric`,
      params: ['CustomIntField', '-3'],
    });
    expect(translate('CustomDoubleField > 1.5e3').params).toEqual(['CustomDoubleField', '1500']);
    expect(translate('CustomDoubleField IN (1, 2.5)').where).toBe(`${number} IN ($3::numeric, $4::numeric)`);
    // int64 values keep their precision: they are bound as text.
    expect(translate('CustomIntField = 9223372036854775807').params).toEqual([
      'CustomIntField',
      '9223372036854775807',
    ]);
  });

  it('Bool: compares booleans', () => {
    expect(translate('CustomBoolField = TRUE')).toEqual({
      where:
        "(CASE WHEN jsonb_typeof(search_attributes -> $2::text) = 'boolean' THEN (search_attributes ->> $2::text)::boolean END) = $3::boolean",
      params: ['CustomBoolField', true],
    });
    expect(translate('CustomBoolField != false').params).toEqual(['CustomBoolField', false]);
  });

  it('Datetime: RFC 3339 strings (any offset, fractions) and epoch nanoseconds, bound as UTC', () => {
    expect(translate("CustomDatetimeField > '2024-01-01T07:00:00+07:00'").params).toEqual([
      'CustomDatetimeField',
      '2024-01-01T00:00:00.000000Z',
    ]);
    expect(translate("CustomDatetimeField > '2024-01-01T00:00:00.123456789Z'").params[1]).toBe(
      '2024-01-01T00:00:00.123456Z',
    );
    expect(translate('CustomDatetimeField < 1704067200000000001').params[1]).toBe(
      '2024-01-01T00:00:00.000000Z',
    );
    expect(translate('StartTime > -1000').params).toEqual(['1969-12-31T23:59:59.999999Z']);
    expect(translate("CustomDatetimeField = '2024-01-01T00:00:00Z'").where).toMatch(
      /::timestamptz END\) = \$3::timestamptz$/,
    );
  });
});

describe('translateVisibilityQuery: operators', () => {
  it.each([
    ['=', '='],
    ['!=', '<>'],
    ['<>', '<>'],
    ['<', '<'],
    ['>', '>'],
    ['<=', '<='],
    ['>=', '>='],
  ])('%s', (operator, sql) => {
    expect(translate(`HistoryLength ${operator} 5`)).toEqual({
      where: `history_length ${sql} $2::numeric`,
      params: ['5'],
    });
  });

  it('IN and NOT IN, including a single value', () => {
    expect(translate("WorkflowType IN ('A')").where).toBe('workflow_type IN ($2::text)');
    expect(translate("WorkflowType NOT IN ('A', 'B', 'C')").where).toBe(
      'workflow_type NOT IN ($2::text, $3::text, $4::text)',
    );
  });

  it('STARTS_WITH and NOT STARTS_WITH escape LIKE wildcards', () => {
    expect(translate("WorkflowId STARTS_WITH 'a_b%c!'")).toEqual({
      where: "workflow_id LIKE $2::text ESCAPE '!'",
      params: ['a!_b!%c!!%'],
    });
    expect(translate("WorkflowId NOT STARTS_WITH 'x'").where).toBe(
      "workflow_id NOT LIKE $2::text ESCAPE '!'",
    );
  });

  it('BETWEEN and NOT BETWEEN', () => {
    expect(translate("StartTime BETWEEN '2024-01-01T00:00:00Z' AND '2024-02-01T00:00:00Z'")).toEqual({
      where: 'start_time BETWEEN $2::timestamptz AND $3::timestamptz',
      params: ['2024-01-01T00:00:00.000000Z', '2024-02-01T00:00:00.000000Z'],
    });
    expect(translate('HistoryLength NOT BETWEEN 1 AND 9').where).toBe(
      'history_length NOT BETWEEN $2::numeric AND $3::numeric',
    );
    expect(translate("WorkflowId BETWEEN 'a' AND 'c'").where).toBe(
      'workflow_id BETWEEN $2::text AND $3::text',
    );
  });

  it('IS NULL and IS NOT NULL, on columns and on search_attributes keys', () => {
    expect(translate('CloseTime IS NULL')).toEqual({ where: 'close_time IS NULL', params: [] });
    expect(translate('ParentWorkflowId is not null').where).toBe('parent_workflow_id IS NOT NULL');
    expect(translate('CustomIntField IS NULL')).toEqual({
      where: "COALESCE(jsonb_typeof(search_attributes -> $2::text), 'null') = 'null'",
      params: ['CustomIntField'],
    });
    expect(translate('CustomIntField IS NOT NULL').where).toBe(
      "COALESCE(jsonb_typeof(search_attributes -> $2::text), 'null') <> 'null'",
    );
  });

  it('keywords are case-insensitive', () => {
    expect(translate("WorkflowId in ('a') and RunId not in ('b') or TaskQueue starts_with 'q'").where).toBe(
      "workflow_id IN ($2::text) AND run_id NOT IN ($3::text) OR task_queue LIKE $4::text ESCAPE '!'",
    );
  });
});

describe('translateVisibilityQuery: AND, OR, NOT and parentheses', () => {
  it('AND binds tighter than OR', () => {
    expect(translate("WorkflowId = 'a' OR WorkflowId = 'b' AND RunId = 'c'").where).toBe(
      'workflow_id = $2::text OR workflow_id = $3::text AND run_id = $4::text',
    );
    expect(translate("WorkflowId = 'a' AND WorkflowId = 'b' OR RunId = 'c'").where).toBe(
      'workflow_id = $2::text AND workflow_id = $3::text OR run_id = $4::text',
    );
  });

  it('keeps the parentheses that change the meaning', () => {
    expect(translate("(WorkflowId = 'a' OR WorkflowId = 'b') AND RunId = 'c'").where).toBe(
      '(workflow_id = $2::text OR workflow_id = $3::text) AND run_id = $4::text',
    );
    expect(
      translate("WorkflowId = 'a' AND (RunId = 'b' OR (TaskQueue = 'c' AND WorkflowType = 'd'))").where,
    ).toBe(
      'workflow_id = $2::text AND (run_id = $3::text OR task_queue = $4::text AND workflow_type = $5::text)',
    );
  });

  it('drops parentheses that do not', () => {
    expect(translate("((WorkflowId = 'a'))").where).toBe('workflow_id = $2::text');
    expect(translate("(WorkflowId = 'a' AND RunId = 'b') AND TaskQueue = 'c'").where).toBe(
      'workflow_id = $2::text AND run_id = $3::text AND task_queue = $4::text',
    );
  });

  it('NOT applies to the next condition, or to a parenthesised group', () => {
    expect(translate("NOT WorkflowId = 'a' AND RunId = 'b'").where).toBe(
      'NOT workflow_id = $2::text AND run_id = $3::text',
    );
    expect(translate("NOT (WorkflowId = 'a' OR RunId = 'b')").where).toBe(
      'NOT (workflow_id = $2::text OR run_id = $3::text)',
    );
    expect(translate("NOT NOT WorkflowId = 'a'").where).toBe('NOT NOT workflow_id = $2::text');
  });
});

describe('translateVisibilityQuery: literals', () => {
  it('strings in single or double quotes, with doubled quotes and backslash escapes', () => {
    expect(translate(`WorkflowId = "double"`).params).toEqual(['double']);
    expect(translate(`WorkflowId = 'it''s'`).params).toEqual(["it's"]);
    expect(translate(`WorkflowId = "say ""hi"""`).params).toEqual(['say "hi"']);
    expect(translate(`WorkflowId = 'tab\\there\\\\'`).params).toEqual(['tab\there\\']);
    expect(translate(`WorkflowId = ''`).params).toEqual(['']);
    expect(translate(`WorkflowId = 'kasus-α/β 🙂'`).params).toEqual(['kasus-α/β 🙂']);
  });

  it('backticks around attribute names', () => {
    expect(translate("`WorkflowId` = 'a'").where).toBe('workflow_id = $2::text');
    const spaced = translateVisibilityQuery("`Nomor Perkara` = 'a'", { 'Nomor Perkara': 'Keyword' });
    expect(spaced.params).toEqual(['Nomor Perkara', 'a']);
  });
});

describe('translateVisibilityQuery: refused clauses', () => {
  it('ORDER BY, like the real SQL visibility store', () => {
    expect(errorOf('ORDER BY StartTime DESC')).toBe(
      "invalid query: operation is not supported: 'ORDER BY' clause",
    );
    expect(errorOf("WorkflowId = 'a' ORDER BY StartTime, RunId ASC")).toBe(
      "invalid query: operation is not supported: 'ORDER BY' clause",
    );
    // Columns are checked first, as in the real server.
    expect(errorOf('ORDER BY Nope')).toBe(
      "invalid query: invalid expression: column name 'Nope' is not a valid search attribute",
    );
    expect(errorOf('ORDER BY CustomTextField')).toBe(
      'invalid query: operation is not supported: unable to sort by search attribute type Text',
    );
  });

  it('LIMIT', () => {
    expect(errorOf("WorkflowId = 'a' LIMIT 10")).toBe(
      "invalid query: operation is not supported: 'LIMIT' clause",
    );
  });

  it('GROUP BY anything but a single ExecutionStatus', () => {
    expect(errorOf('GROUP BY WorkflowType')).toBe(
      "invalid query: operation is not supported: 'GROUP BY' clause is not supported for search attribute WorkflowType",
    );
    expect(errorOf('GROUP BY ExecutionStatus, WorkflowType')).toBe(
      "invalid query: operation is not supported: 'GROUP BY' clause supports only a single field",
    );
    expect(errorOf('GROUP BY TemporalNamespaceDivision')).toContain('by the embedded server');
    expect(errorOf('GROUP BY Nope')).toBe(
      "invalid query: invalid expression: column name 'Nope' is not a valid search attribute",
    );
  });

  it('HAVING', () => {
    expect(errorOf("GROUP BY ExecutionStatus HAVING ExecutionStatus = 'Running'")).toBe(
      "invalid query: operation is not supported: 'HAVING' clause",
    );
  });
});

describe('translateVisibilityQuery: errors mirror the real server', () => {
  it.each([
    ["Nope = 'x'", "invalid query: invalid expression: column name 'Nope' is not a valid search attribute"],
    ["nope.WorkflowId = 'x'", "invalid query: malformed SQL query: syntax error at position 32 near '.'"],
    [
      "HistoryLength = 'ten'",
      'invalid query: invalid expression: invalid value type for search attribute HistoryLength of type Int: "ten" (type: string)',
    ],
    [
      'WorkflowId = 42',
      'invalid query: invalid expression: invalid value type for search attribute WorkflowId of type Keyword: 42 (type: int64)',
    ],
    [
      'CustomDatetimeField = 1.5',
      'invalid query: invalid expression: invalid value type for search attribute CustomDatetimeField of type Datetime: 1.5 (type: float64)',
    ],
    [
      "CustomBoolField = 'true'",
      'invalid query: invalid expression: invalid value type for search attribute CustomBoolField of type Bool: "true" (type: string)',
    ],
    [
      'WorkflowId = true',
      'invalid query: invalid expression: invalid value type for search attribute WorkflowId of type Keyword: true (type: bool)',
    ],
    [
      "StartTime > '2024-13-01T00:00:00Z'",
      "invalid query: invalid expression: unable to parse datetime '2024-13-01T00:00:00Z'",
    ],
    [
      "StartTime > '2023-02-29T00:00:00Z'",
      "invalid query: invalid expression: unable to parse datetime '2023-02-29T00:00:00Z'",
    ],
    ["StartTime > '2024-01-01'", "invalid query: invalid expression: unable to parse datetime '2024-01-01'"],
    [
      "StartTime > '2024-01-01 00:00:00Z'",
      "invalid query: invalid expression: unable to parse datetime '2024-01-01 00:00:00Z'",
    ],
    [
      "ExecutionStatus = 'Sleeping'",
      "invalid query: invalid expression: invalid ExecutionStatus value 'Sleeping'",
    ],
    [
      "ExecutionStatus = 'running'",
      "invalid query: invalid expression: invalid ExecutionStatus value 'running'",
    ],
    ['ExecutionStatus = 42', 'invalid query: invalid expression: invalid ExecutionStatus value 42'],
    [
      'ExecutionStatus = 1.5',
      'invalid query: invalid expression: unexpected value type float64 for search attribute ExecutionStatus',
    ],
    [
      "ExecutionDuration > 'soon'",
      'invalid query: invalid expression: invalid duration value for search attribute ExecutionDuration: soon',
    ],
    [
      "WorkflowId LIKE 'a%'",
      "invalid query: operation is not supported: operator 'LIKE' not supported for Keyword type search attribute 'WorkflowId'",
    ],
    [
      "WorkflowId NOT LIKE 'a%'",
      "invalid query: operation is not supported: operator 'NOT LIKE' not supported for Keyword type search attribute 'WorkflowId'",
    ],
    [
      "WorkflowId REGEXP 'a.*'",
      "invalid query: operation is not supported: operator 'REGEXP' not supported for Keyword type search attribute 'WorkflowId'",
    ],
    [
      "WorkflowId <=> 'a'",
      "invalid query: operation is not supported: operator '<=>' not supported for Keyword type search attribute 'WorkflowId'",
    ],
    [
      "HistoryLength STARTS_WITH '1'",
      'invalid query: invalid expression: invalid value type for search attribute HistoryLength of type Int: "1" (type: string)',
    ],
    [
      'HistoryLength STARTS_WITH 1',
      "invalid query: operation is not supported: operator 'STARTS_WITH' not supported for Int type search attribute 'HistoryLength'",
    ],
    [
      "CustomKeywordListField > 'a'",
      "invalid query: operation is not supported: operator '>' not supported for KeywordList type search attribute 'CustomKeywordListField'",
    ],
    [
      "CustomKeywordListField STARTS_WITH 'a'",
      "invalid query: operation is not supported: operator 'STARTS_WITH' not supported for KeywordList type search attribute 'CustomKeywordListField'",
    ],
    [
      "CustomTextField IN ('a')",
      "invalid query: operation is not supported: operator 'IN' not supported for Text type search attribute 'CustomTextField'",
    ],
    [
      "CustomTextField = '   '",
      'invalid query: invalid expression: unexpected value for Text type search attribute (no tokens found)',
    ],
    [
      "CustomTextField BETWEEN 'a' AND 'b'",
      "invalid query: invalid expression: cannot do range condition on search attribute 'CustomTextField' of type Text",
    ],
    [
      'CustomBoolField BETWEEN false AND true',
      "invalid query: invalid expression: cannot do range condition on search attribute 'CustomBoolField' of type Bool",
    ],
    [
      "CustomKeywordListField BETWEEN 'a' AND 'b'",
      "invalid query: invalid expression: cannot do range condition on search attribute 'CustomKeywordListField' of type KeywordList",
    ],
    [
      "ExecutionStatus STARTS_WITH 'Running'",
      'invalid query: invalid expression: right-hand side of "starts_with" operator must be a literal string (got: Running)',
    ],
    [
      'WorkflowId IS TRUE',
      "invalid query: invalid expression: 'IS' operator can only be used as 'IS NULL' or 'IS NOT NULL'",
    ],
    [
      'WorkflowId = Running',
      'invalid query: operation is not supported: column name on the right side of comparison expression (did you forget to quote "Running"?)',
    ],
    ['WorkflowId = NULL', 'invalid query: invalid expression: unexpected value type *sqlparser.NullVal'],
    ["WorkflowId = lower('A')", 'invalid query: operation is not supported: nested func'],
    [
      "'a' = WorkflowId",
      'invalid query: invalid expression: must be a column name but was *sqlparser.SQLVal',
    ],
    ['WorkflowId', 'invalid query: invalid expression: incomplete expression'],
    ["WorkflowId = 'a' AND RunId", 'invalid query: invalid expression: incomplete expression'],
    ["'abc'", 'invalid query: operation is not supported: expression of type *sqlparser.SQLVal'],
    ['true', 'invalid query: operation is not supported: expression of type sqlparser.BoolVal'],
    ["now() = 'x'", 'invalid query: invalid expression: must be a column name but was *sqlparser.FuncExpr'],
    ['now()', 'invalid query: operation is not supported: function expression'],
    [
      "WorkflowId = ('a', 'b')",
      "invalid query: invalid expression: operator '=' needs a single value, not a list",
    ],
    [
      'HistoryLength = 99999999999999999999999e999',
      'invalid query: invalid expression: unable to parse value "99999999999999999999999e999"',
    ],
  ])('%s', (query, message) => {
    expect(errorOf(query)).toBe(message);
  });

  it.each([
    ["WorkflowId = 'x' AND", 'invalid query: malformed SQL query: syntax error at position 48'],
    [
      "WorkflowId = 'unterminated",
      "invalid query: malformed SQL query: syntax error at position 54 near ''unterminated'",
    ],
    [
      "WorkflowId = 'a' OR OR RunId = 'b'",
      "invalid query: malformed SQL query: syntax error at position 50 near 'OR'",
    ],
    ["WorkflowId IN 'a'", "invalid query: malformed SQL query: syntax error at position 45 near ''a''"],
    ['WorkflowId IN ()', "invalid query: malformed SQL query: syntax error at position 44 near ')'"],
    ["(WorkflowId = 'a'", 'invalid query: malformed SQL query: syntax error at position 45'],
    ["WorkflowId = 'a')", "invalid query: malformed SQL query: syntax error at position 45 near ')'"],
    ["WorkflowId == 'a'", "invalid query: malformed SQL query: syntax error at position 41 near '='"],
    [
      "WorkflowId = 'a'; DROP TABLE x",
      "invalid query: malformed SQL query: syntax error at position 44 near ';'",
    ],
    ['HistoryLength > 1 + 2', "invalid query: malformed SQL query: syntax error at position 47 near '+'"],
    [
      "WorkflowId BETWEEN 'a' 'b'",
      "invalid query: malformed SQL query: syntax error at position 54 near ''b''",
    ],
    [
      "WHERE WorkflowId = 'a'",
      "invalid query: malformed SQL query: syntax error at position 33 near 'WHERE'",
    ],
  ])('syntax: %s', (query, message) => {
    expect(errorOf(query)).toBe(message);
  });

  it('refuses nesting deep enough to threaten the stack', () => {
    const deep = `${'('.repeat(500)}WorkflowId = 'a'${')'.repeat(500)}`;
    expect(errorOf(deep)).toBe(
      'invalid query: malformed SQL query: expression is nested more than 100 levels deep',
    );
    expect(errorOf(`${'NOT '.repeat(500)}WorkflowId = 'a'`)).toContain('nested more than 100 levels');
  });

  it('handles long flat OR chains without recursion trouble', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `WorkflowId = 'w${i}'`);
    const result = translate(ids.join(' OR '));
    expect(result.params).toHaveLength(5000);
    expect(result.where.split(' OR ')).toHaveLength(5000);
  });

  it('refuses more values than PostgreSQL can bind', () => {
    const values = Array.from({ length: 70000 }, (_, i) => `'${i}'`).join(',');
    expect(errorOf(`WorkflowId IN (${values})`)).toBe(
      'invalid query: operation is not supported: query needs more than 65535 bound values',
    );
  });

  it('is an Error with the detail apart', () => {
    try {
      translate("Nope = 'x'");
      throw new Error('unreachable');
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(InvalidVisibilityQueryError);
      expect((error as InvalidVisibilityQueryError).name).toBe('InvalidVisibilityQueryError');
      expect((error as InvalidVisibilityQueryError).detail).toBe(
        "invalid expression: column name 'Nope' is not a valid search attribute",
      );
    }
  });
});

describe('translateVisibilityQuery: SQL injection is impossible', () => {
  const hostile = [
    "x'; DROP TABLE temporal.executions_visibility; --",
    "' OR '1'='1",
    'x" OR "1"="1',
    "\\'; SELECT pg_sleep(10); --",
    '$1) OR TRUE OR (workflow_id = $1',
    '*/ OR 1=1 /*',
  ];

  it.each(hostile)('a hostile value only ever becomes a parameter: %s', (value) => {
    const quoted = `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
    const result = translate(
      `WorkflowId = ${quoted} OR CustomKeywordField IN (${quoted}) OR CustomTextField = ${quoted}`,
    );
    expect(result.params).toContain(value);
    expect(result.where).not.toContain(value);
    // The SQL contains nothing but our own fixed text and placeholders.
    expect(result.where.replace(/\$\d+::\w+/g, '')).not.toMatch(/DROP|pg_sleep|'1'|"1"|\/\*/);
  });

  it.each([
    "WorkflowId = 'a' OR 1=1",
    'WorkflowId = $1',
    "WorkflowId = 'a' -- comment",
    "WorkflowId = 'a' /* comment */",
    "WorkflowId = 'a'; DELETE FROM temporal.executions_visibility",
    "WorkflowId = 'a' UNION SELECT * FROM pg_user",
    "`workflow_id = 'a' OR TRUE OR workflow_id` = 'b'",
    "search_attributes = 'x'",
    "workflow_id = 'x'",
    "WorkflowId = 'a' OR (SELECT 1) = 1",
  ])('a hostile query is refused: %s', (query) => {
    expect(() => translate(query)).toThrow(InvalidVisibilityQueryError);
  });

  it('a hostile custom attribute name is bound, never spliced', () => {
    const name = "x') OR TRUE; --";
    const result = translateVisibilityQuery(`\`${name}\` = 'v'`, { [name]: 'Keyword' });
    expect(result).toEqual({ where: '(search_attributes ->> $2::text) = $3::text', params: [name, 'v'] });
  });

  it('refuses NUL characters, which PostgreSQL text cannot hold', () => {
    expect(errorOf("WorkflowId = 'a\\0b'")).toBe(
      'invalid query: invalid expression: string values cannot contain NUL characters',
    );
  });
});
