/**
 * The notification bell: my reminders and escalations with the unread count, pushed live by the API's
 * server-sent events (read with fetch, since EventSource cannot send the bearer token), and marked read one
 * by one. The list is the API's: the console only shows it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { currentToken, sessionExpired } from '../auth/session';
import { useI18n } from '../i18n';
import { formatInstant } from './format';

type Inbox = components['schemas']['InboxView'];

/** Reads `event: inbox` blocks from the stream until it ends or `signal` aborts. */
async function follow(signal: AbortSignal, onInbox: (inbox: Inbox) => void): Promise<void> {
  const token = currentToken();
  const response = await fetch('/notifications/stream', {
    headers: { Authorization: `Bearer ${token ?? ''}`, Accept: 'text/event-stream' },
    signal,
  });
  if (response.status === 401) {
    sessionExpired.value = true;
    return;
  }
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (/^event: ?inbox$/m.test(block) && data) onInbox(JSON.parse(data) as Inbox);
    }
  }
}

export function Bell() {
  const { t, locale } = useI18n();
  const [inbox, setInbox] = useState<Inbox>({ unread: 0, items: [] });
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);

  // The stream's first event is the whole inbox; later ones carry the new notification and the new count.
  useEffect(() => {
    const abort = new AbortController();
    let retryMs = 1_000;
    const loop = async () => {
      while (!abort.signal.aborted && !sessionExpired.value) {
        try {
          await follow(abort.signal, (next) => {
            retryMs = 1_000;
            setInbox((current) => {
              const known = new Set(next.items.map((i) => i.id));
              const items = [...next.items, ...current.items.filter((i) => !known.has(i.id))];
              return { unread: next.unread, items: items.slice(0, 50) };
            });
          });
        } catch {
          // Network or server restart: reconnect with backoff (the first event re-sends the inbox).
        }
        if (abort.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, retryMs));
        retryMs = Math.min(retryMs * 2, 30_000);
      }
    };
    void loop();
    return () => abort.abort();
  }, [sessionExpired.value]);

  useEffect(() => {
    if (!open) return;
    const close = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('keydown', close);
    panel.current?.querySelector<HTMLElement>('a, button')?.focus();
    return () => document.removeEventListener('keydown', close);
  }, [open]);

  const markRead = async (id: string) => {
    const answer = await api.POST('/notifications/{id}/read', { params: { path: { id } } });
    if (!answer.response.ok) unwrap(answer); // throws the problem
    setInbox(unwrap(await api.GET('/notifications')));
  };

  const label = `${t.bell.title}: ${inbox.unread} ${t.bell.unread}`;
  return (
    <div class="bell">
      <button
        type="button"
        class="bell-button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls="bell-panel"
        aria-label={label}
        title={label}
        onClick={() => setOpen(!open)}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {inbox.unread > 0 && (
          <span class="bell-count" aria-hidden="true">
            {inbox.unread > 99 ? '99+' : inbox.unread}
          </span>
        )}
      </button>
      {open && (
        <div class="bell-panel card" id="bell-panel" ref={panel} role="region" aria-label={t.bell.title}>
          <h2>{t.bell.title}</h2>
          {inbox.items.length === 0 ? (
            <p>{t.bell.empty}</p>
          ) : (
            <ul>
              {inbox.items.map((item) => (
                <li key={item.id} class={item.read ? 'read' : 'unread'}>
                  <p>
                    <strong>{item.kind === 'escalation' ? t.bell.escalation : t.bell.reminder}</strong>{' '}
                    <time dateTime={item.createdAt}>{formatInstant(item.createdAt, locale)}</time>
                  </p>
                  <p>{item.message}</p>
                  <p class="bell-actions">
                    <a
                      href={`/console/kasus/${encodeURIComponent(item.caseId)}`}
                      onClick={() => setOpen(false)}
                    >
                      {t.bell.openCase}
                    </a>
                    {!item.read && (
                      <button type="button" onClick={() => void markRead(item.id)}>
                        {t.bell.markRead}
                      </button>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
