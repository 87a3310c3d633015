import { CliUsageError, parseArgs } from './cli-args';

describe('netral-temporal arguments', () => {
  it('reads the start-dev arguments the SDK passes', () => {
    const options = parseArgs([
      'server',
      'start-dev',
      '--port',
      '7234',
      '--namespace',
      'default',
      '--namespace',
      'kasus',
      '--ip',
      '127.0.0.1',
      '--log-format',
      'json',
      '--log-level',
      'warn',
      '--dynamic-config-value',
      'frontend.enableUpdateWorkflowExecution=true',
      '--headless',
      '--db-filename',
      '/tmp/x',
    ]);
    expect(options).toEqual({
      port: 7234,
      httpPort: 0,
      ip: '127.0.0.1',
      namespaces: ['default', 'kasus'],
      logLevel: 'warn',
      logFormat: 'json',
      dbFilename: '/tmp/x',
    });
  });

  it('refuses unknown arguments and bad ports with a usage message', () => {
    expect(() => parseArgs(['server', 'start-dev', '--bogus'])).toThrow(CliUsageError);
    expect(() => parseArgs(['server', 'start-dev', '--port', 'x'])).toThrow(/invalid --port/);
    expect(() => parseArgs(['server', 'start-dev', '--port'])).toThrow(/needs a value/);
    expect(() => parseArgs(['server', 'start-dev', '--http-port', '-1'])).toThrow(/invalid --http-port/);
  });

  it('reads system.enableActivityEagerExecution from --dynamic-config-value (off unless given, as start-dev)', () => {
    const flag = (v: string) => ['server', 'start-dev', '--dynamic-config-value', v];
    expect(parseArgs(flag('system.enableActivityEagerExecution=true')).activityEagerExecution).toBe(true);
    expect(parseArgs(flag('system.enableActivityEagerExecution=false')).activityEagerExecution).toBe(false);
    expect(parseArgs(['server', 'start-dev']).activityEagerExecution).toBeUndefined();
    expect(() => parseArgs(flag('system.enableActivityEagerExecution=yes'))).toThrow(/takes true or false/);
  });

  it('serves the HTTP API on --http-port, on a free port by default (as start-dev)', () => {
    expect(parseArgs(['server', 'start-dev', '--http-port', '7243']).httpPort).toBe(7243);
    expect(parseArgs(['server', 'start-dev', '--http-port=0']).httpPort).toBe(0);
    expect(parseArgs(['server', 'start-dev']).httpPort).toBe(0);
  });

  it('reads the test-server form the SDK uses for createTimeSkipping (`<port>` first)', () => {
    expect(parseArgs(['7235'])).toEqual({
      port: 7235,
      httpPort: 0,
      ip: '127.0.0.1',
      namespaces: [],
      logLevel: 'warn',
      logFormat: 'pretty',
      timeSkipping: { startLocked: true },
    });
    expect(parseArgs(['7235', '--enable-time-skipping']).timeSkipping).toEqual({ startLocked: false });
    expect(parseArgs(['0', '--database-url', 'postgres://x/y', '--log-level', 'debug'])).toMatchObject({
      port: 0,
      databaseUrl: 'postgres://x/y',
      logLevel: 'debug',
      timeSkipping: { startLocked: true },
    });
  });

  it('refuses --enable-time-skipping outside the test-server form and out-of-range ports', () => {
    expect(() => parseArgs(['server', 'start-dev', '--enable-time-skipping'])).toThrow(/test-server form/);
    expect(() => parseArgs(['70000'])).toThrow(/invalid --port/);
    expect(parseArgs(['server', 'start-dev']).timeSkipping).toBeUndefined();
  });
});
