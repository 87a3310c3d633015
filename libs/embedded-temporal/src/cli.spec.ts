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
  });
});
