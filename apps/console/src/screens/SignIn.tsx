/**
 * Sign-in. With an OIDC provider: authorization code + PKCE at the issuer. In development (the API signs
 * tokens with its local secret): choose a role and an agency and get a token from POST /auth/dev-sign-in,
 * which exists only in that mode. Used as a page and, when a token expires, as a dialog over the screen.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { devSignInDtoRoleValues, type SchemaAuthConfigView } from '../api/schema';
import { beginOidcSignIn } from '../auth/oidc';
import { session, startSession } from '../auth/session';
import { useLoad } from '../components/hooks';
import { Loading, ProblemView } from '../components/ui';
import { label, useI18n } from '../i18n';

export function SignInForm({ onDone, idPrefix = 'signin' }: { onDone?: () => void; idPrefix?: string }) {
  const { t } = useI18n();
  const config = useLoad(async () => unwrap(await api.GET('/auth/config')), 'auth-config');
  if (config.error) return <ProblemView error={config.error} />;
  if (!config.data) return <Loading />;
  return config.data.mode === 'oidc' ? (
    <OidcSignIn config={config.data} />
  ) : (
    <DevSignIn onDone={onDone} idPrefix={idPrefix} intro={t.signIn.devIntro} />
  );
}

function OidcSignIn({ config }: { config: SchemaAuthConfigView }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>();
  if (!config.clientId || !config.issuer) return <p class="problem">{t.signIn.oidcMissingClient}</p>;
  return (
    <div>
      <p>{t.signIn.oidcIntro}</p>
      <button
        type="button"
        class="primary"
        onClick={() =>
          beginOidcSignIn(config.issuer!, config.clientId!, config.scope ?? 'openid profile').catch(setError)
        }
      >
        {t.signIn.oidcButton}
      </button>
      <ProblemView error={error} />
    </div>
  );
}

function DevSignIn({ onDone, idPrefix, intro }: { onDone?: () => void; idPrefix: string; intro: string }) {
  const { t } = useI18n();
  const previous = session.value;
  const [role, setRole] = useState(previous?.role ?? 'officer');
  const [agency, setAgency] = useState(previous?.agency ?? 'kota-bekasi');
  const [name, setName] = useState(previous?.name ?? '');
  const [sub, setSub] = useState(previous?.sub ?? '');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        role: role as (typeof devSignInDtoRoleValues)[number],
        agency: agency.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
      };
      const result = unwrap(
        await api.POST('/auth/dev-sign-in', {
          body: { ...body, ...(sub.trim() ? { sub: sub.trim() } : {}) },
        }),
      );
      startSession(result.token, 'local');
      onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const id = (field: string) => `${idPrefix}-${field}`;
  return (
    <form onSubmit={submit} class="stack">
      <p class="muted">{intro}</p>
      <label for={id('role')}>{t.signIn.role}</label>
      <select id={id('role')} ref={first} value={role} onChange={(e) => setRole(e.currentTarget.value)}>
        {devSignInDtoRoleValues.map((r) => (
          <option key={r} value={r}>
            {label(t.roles, r)} ({r})
          </option>
        ))}
      </select>
      <label for={id('agency')}>{t.signIn.agency}</label>
      <input
        id={id('agency')}
        required
        value={agency}
        autoComplete="organization"
        onInput={(e) => setAgency(e.currentTarget.value)}
      />
      <label for={id('name')}>{t.signIn.name}</label>
      <input
        id={id('name')}
        value={name}
        autoComplete="name"
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <label for={id('sub')}>{t.signIn.userId}</label>
      <input
        id={id('sub')}
        value={sub}
        autoComplete="username"
        onInput={(e) => setSub(e.currentTarget.value)}
      />
      <ProblemView error={error} />
      <button type="submit" class="primary" disabled={busy}>
        {t.signIn.submit}
      </button>
    </form>
  );
}

export function SignInPage({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  return (
    <main id="main" class="signin-page">
      <div class="card signin-card">
        <h1>{t.signIn.title}</h1>
        <SignInForm onDone={onDone} />
      </div>
    </main>
  );
}

/** Over the current screen when the token has run out: the screen (and its form input) stays mounted. */
export function ReSignInDialog() {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="card" aria-labelledby="resignin-title" onCancel={(e) => e.preventDefault()}>
      <h2 id="resignin-title">{t.signIn.expiredTitle}</h2>
      <p>{t.signIn.expiredBody}</p>
      <SignInForm idPrefix="resignin" onDone={() => dialog.current?.close()} />
    </dialog>
  );
}
