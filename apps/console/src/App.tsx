/**
 * The console: sign-in, then the screens under /console/… (bookmarkable paths, filters in the query string).
 * Navigation only offers what a role uses; the API decides what each role may actually do.
 */
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { completeOidcSignIn } from './auth/oidc';
import { endSession, session, sessionExpired } from './auth/session';
import { Bell } from './components/Bell';
import { ProblemView } from './components/ui';
import { label, useI18n } from './i18n';
import { AgendaScreen } from './screens/Agenda';
import { AuditScreen } from './screens/Audit';
import { CaseScreen } from './screens/CaseView';
import { DeadlinePoliciesScreen } from './screens/DeadlinePolicies';
import { IntakeScreen } from './screens/Intake';
import { SearchScreen } from './screens/Search';
import { ReSignInDialog, SignInPage } from './screens/SignIn';
import { StatisticsScreen } from './screens/Statistics';
import { WorkListScreen } from './screens/WorkList';

export const BASE = '/console';

export function App() {
  return (
    <LocationProvider>
      <Shell />
    </LocationProvider>
  );
}

function Shell() {
  const location = useLocation();
  const current = session.value;
  if (location.path === `${BASE}/callback`) return <OidcCallback />;
  if (!current) return <SignInPage onDone={() => location.route(`${BASE}/`)} />;
  return (
    <>
      <a class="skip" href="#main">
        {useI18n().t.skipToContent}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <Router>
          <Route path={`${BASE}/`} component={current.role === 'auditor' ? SearchScreen : WorkListScreen} />
          <Route path={`${BASE}/cari`} component={SearchScreen} />
          <Route path={`${BASE}/kasus/:id`} component={CaseScreen} />
          <Route path={`${BASE}/laporan-baru`} component={IntakeScreen} />
          <Route path={`${BASE}/agenda`} component={AgendaScreen} />
          <Route path={`${BASE}/statistik`} component={StatisticsScreen} />
          <Route path={`${BASE}/audit`} component={AuditScreen} />
          <Route path={`${BASE}/audit/:id`} component={AuditScreen} />
          <Route path={`${BASE}/kebijakan-tenggat`} component={DeadlinePoliciesScreen} />
          <Route default component={NotFound} />
        </Router>
      </main>
      {sessionExpired.value && <ReSignInDialog />}
    </>
  );
}

function Header() {
  const { t, lang, setLang } = useI18n();
  const { path, route } = useLocation();
  const s = session.value!;
  const links: [string, string][] = [
    ...(s.role !== 'auditor' ? ([[`${BASE}/`, t.nav.workList]] as [string, string][]) : []),
    [`${BASE}/cari`, t.nav.search],
    ...(s.role !== 'auditor' ? ([[`${BASE}/laporan-baru`, t.nav.intake]] as [string, string][]) : []),
    [`${BASE}/agenda`, t.nav.agenda],
    [`${BASE}/statistik`, t.nav.statistics],
    ...(['auditor', 'supervisor', 'admin'].includes(s.role)
      ? ([
          [`${BASE}/audit`, t.nav.audit],
          [`${BASE}/kebijakan-tenggat`, t.nav.policies],
        ] as [string, string][])
      : []),
  ];
  return (
    <header class="topbar">
      <div class="brand">
        <strong>{t.appName}</strong> <span>{t.appTagline}</span>
      </div>
      <nav aria-label={t.common.mainMenu}>
        <ul>
          {links.map(([href, text]) => (
            <li key={href}>
              <a href={href} aria-current={path === href ? 'page' : undefined}>
                {text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="user">
        {['officer', 'supervisor', 'ppk'].includes(s.role) && <Bell />}
        <span title={s.sub}>
          {t.signedInAs} <strong>{s.name}</strong> · {label(t.roles, s.role)} · {s.agency}
        </span>
        <label class="lang">
          <span class="visually-hidden">{t.language}</span>
          <select value={lang} onChange={(e) => setLang(e.currentTarget.value === 'en' ? 'en' : 'id')}>
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            endSession();
            route(`${BASE}/`);
          }}
        >
          {t.signOut}
        </button>
      </div>
    </header>
  );
}

function OidcCallback() {
  const { t } = useI18n();
  const { route } = useLocation();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    completeOidcSignIn(new URLSearchParams(window.location.search))
      .then((returnTo) => route(returnTo.startsWith(BASE) ? returnTo : `${BASE}/`, true))
      .catch(setError);
  }, []);
  return (
    <main id="main" class="signin-page">
      <div class="card signin-card">
        <h1>{t.signIn.title}</h1>
        {error ? (
          <>
            <p>{t.signIn.oidcFailed}</p>
            <ProblemView error={error} />
            <a href={`${BASE}/`}>{t.signIn.submit}</a>
          </>
        ) : (
          <p role="status">{t.common.loading}</p>
        )}
      </div>
    </main>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div class="card">
      <h1>404</h1>
      <p>{t.common.notFound}</p>
    </div>
  );
}
