// E-mail settings from the environment. SMTP_URL unset: no e-mail channel (notifications go to the webhook and
// the log as before). A bad value is a clear error at start, never a failure at the first reminder.
import { DEFAULT_OFFICE_HOURS, type OfficeHours, parseOfficeHours } from './office-hours';

export interface EmailSettings {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465 (implicit TLS). */
  smtpUrl: string;
  /** The From address, e.g. `Netral Inspektorat <netral@inspektorat.example.go.id>`. */
  from: string;
  /** Verify the server's certificate (default true; false only for a test server with a self-signed one). */
  tlsRejectUnauthorized: boolean;
  /** Refuse to send without TLS (STARTTLS required on smtp://). */
  requireTls: boolean;
  /** Where the console lives, for links to cases (e.g. https://netral.example.go.id/console). */
  consoleUrl: string | null;
  /** The domain of the Message-IDs (default: the From address's domain). */
  messageIdDomain: string;
  officeHours: OfficeHours;
  /** Attempts before an e-mail goes to the dead-letter list. */
  maxAttempts: number;
}

export class EmailConfigError extends Error {
  override readonly name = 'EmailConfigError';
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new EmailConfigError(`${name} must be true or false`);
}

export function emailSettingsFromEnv(env: NodeJS.ProcessEnv): EmailSettings | null {
  const smtpUrl = env.SMTP_URL;
  if (!smtpUrl) return null;
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new EmailConfigError('SMTP_URL must be a URL such as smtp://user:pass@host:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new EmailConfigError(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  }
  const from = env.SMTP_FROM;
  const address = from ? /<([^<>\s]+@([^<>\s]+))>\s*$|^([^<>\s]+@([^<>\s]+))$/.exec(from.trim()) : null;
  if (!from || !address) {
    throw new EmailConfigError('SMTP_FROM is required with SMTP_URL, e.g. "Netral <netral@example.go.id>"');
  }
  const maxAttempts = Number(env.NOTIFY_EMAIL_MAX_ATTEMPTS ?? 10);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new EmailConfigError('NOTIFY_EMAIL_MAX_ATTEMPTS must be a positive integer');
  }
  let officeHours = DEFAULT_OFFICE_HOURS;
  if (env.NOTIFY_OFFICE_HOURS) {
    try {
      officeHours = parseOfficeHours(env.NOTIFY_OFFICE_HOURS);
    } catch (error) {
      throw new EmailConfigError(`NOTIFY_OFFICE_HOURS: ${(error as Error).message}`);
    }
  }
  const publicUrl = env.PUBLIC_URL?.replace(/\/$/, '');
  return {
    smtpUrl,
    from,
    tlsRejectUnauthorized: flag(env, 'SMTP_TLS_REJECT_UNAUTHORIZED', true),
    requireTls: flag(env, 'SMTP_REQUIRE_TLS', false),
    consoleUrl: publicUrl ? `${publicUrl}/console` : null,
    messageIdDomain: (address[2] ?? address[4]).toLowerCase(),
    officeHours,
    maxAttempts,
  };
}
