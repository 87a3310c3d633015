/**
 * Arguments of `netral-temporal server start-dev` (compatible with Temporal CLI's start-dev), or of the
 * test-server form `netral-temporal <port> [--enable-time-skipping]` (as @temporalio/testing launches
 * Temporal's Java test server for `createTimeSkipping`), which accepts the start-dev flags after the port.
 */

export interface CliOptions {
  port: number;
  /** Port of the HTTP API; 0 (the default, as start-dev's) picks a free one. */
  httpPort: number;
  ip: string;
  namespaces: string[];
  logLevel: string;
  logFormat: 'json' | 'pretty';
  dbFilename?: string;
  databaseUrl?: string;
  /**
   * From `--dynamic-config-value system.enableActivityEagerExecution=true|false` (off when not given, as on
   * start-dev; the SDK's own test harness passes it). Other dynamic-config keys are accepted and ignored.
   */
  activityEagerExecution?: boolean;
  /** Set in the test-server form: serve the TestService on a time-skipping clock. */
  timeSkipping?: { startLocked: boolean };
}

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

const USAGE = `usage: netral-temporal server start-dev [--port N] [--http-port N] [--ip ADDR] [--namespace NS]... [--db-filename DIR]
       [--database-url postgres://...] [--log-level debug|info|warn|error] [--log-format json|pretty]
       [--headless] [--ui-port N] [--dynamic-config-value K=V]...
   or: netral-temporal PORT [--enable-time-skipping] [start-dev flags]   (time-skipping test server)`;

/** Flags that take a value but do not matter here (accepted for compatibility with start-dev). */
const IGNORED_WITH_VALUE = new Set([
  '--ui-port',
  '--ui-ip',
  '--metrics-port',
  '--sqlite-pragma',
  '--config',
  '--search-attribute',
]);
const IGNORED_FLAGS = new Set(['--headless']);

function parsePort(value: string, flag = '--port'): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliUsageError(`invalid ${flag}\n${USAGE}`);
  return port;
}

export function parseArgs(argv: string[]): CliOptions {
  const args = [...argv];
  const options: CliOptions = {
    port: 7233,
    httpPort: 0,
    ip: '127.0.0.1',
    namespaces: [],
    logLevel: 'warn',
    logFormat: 'pretty',
  };
  if (args[0] !== undefined && /^\d+$/.test(args[0])) {
    // The test server's form: locked until a client unlocks, unless --enable-time-skipping (Java's flag).
    options.port = parsePort(args.shift()!);
    options.timeSkipping = { startLocked: true };
  } else {
    if (args[0] === 'server') args.shift();
    if (args[0] === 'start-dev') args.shift();
  }
  while (args.length) {
    const raw = args.shift()!;
    const [flag, inline] =
      raw.includes('=') && raw.startsWith('--')
        ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)]
        : [raw, undefined];
    const value = () => {
      const v = inline ?? args.shift();
      if (v === undefined) throw new CliUsageError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port':
      case '-p':
        options.port = parsePort(value());
        break;
      case '--http-port':
        options.httpPort = parsePort(value(), flag);
        break;
      case '--enable-time-skipping':
        if (!options.timeSkipping) throw new CliUsageError(`${flag} needs the test-server form\n${USAGE}`);
        options.timeSkipping = { startLocked: false };
        break;
      case '--ip':
        options.ip = value();
        break;
      case '--namespace':
      case '-n':
        options.namespaces.push(value());
        break;
      case '--log-level':
        options.logLevel = value();
        break;
      case '--log-format': {
        const f = value();
        options.logFormat = f === 'json' ? 'json' : 'pretty';
        break;
      }
      case '--db-filename':
      case '-f':
        options.dbFilename = value();
        break;
      case '--database-url':
        options.databaseUrl = value();
        break;
      case '--dynamic-config-value': {
        const [key, setting] = value().split('=', 2);
        if (key === 'system.enableActivityEagerExecution') {
          if (setting !== 'true' && setting !== 'false') {
            throw new CliUsageError(`${key} takes true or false\n${USAGE}`);
          }
          options.activityEagerExecution = setting === 'true';
        }
        break;
      }
      default:
        if (IGNORED_WITH_VALUE.has(flag)) value();
        else if (!IGNORED_FLAGS.has(flag)) throw new CliUsageError(`unknown argument ${raw}\n${USAGE}`);
    }
  }
  return options;
}
