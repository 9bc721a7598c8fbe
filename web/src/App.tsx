import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setUnauthorizedHandler } from './api.ts';
import type { AppConfig, User } from './api-types.ts';
import { BoardPage } from './board/BoardPage.tsx';
import { TopBar, type Route } from './components/TopBar.tsx';
import { SESSION_USER_EVENT } from './live/close-codes.ts';
import { startLive, stopLive } from './live/session.ts';
import { destroyMap } from './map/core/map-instance.ts';
import { AdminPage } from './pages/AdminPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { forgetBasemap, MapPage } from './pages/MapPage.tsx';
import { OfficerPage } from './officer/OfficerPage.tsx';
import { TadpolePage } from './tadpole/TadpolePage.tsx';
import { ReplayPage } from './replay/ReplayPage.tsx';
import { commands, seesAircraft, worksOnTheGround } from './shared/roles.ts';

// The reports page carries the charting library: loaded when first opened.
const ReportsPage = lazy(() => import('./reports/ReportsPage.tsx').then((m) => ({ default: m.ReportsPage })));

/** The page the hash names; `home` when it names none (the role's own first page). */
function routeFromHash(): Route | 'home' {
  if (location.hash === '#/officer' || location.pathname === '/officer') return 'officer';
  if (location.hash === '' || location.hash === '#' || location.hash === '#/') return 'home';
  if (location.hash.startsWith('#/tadpole')) return 'tadpole';
  if (location.hash === '#/board') return 'board';
  if (location.hash === '#/reports' || location.hash === '#/reports/yearly') return 'reports';
  return location.hash === '#/admin' ? 'admin' : 'map';
}

/** `#/replay/<caseId>`: the whole-incident replay of one case. */
function replayCaseFromHash(): string | null {
  return /^#\/replay\/([0-9a-f-]{36})$/i.exec(location.hash)?.[1] ?? null;
}

export function App() {
  const { t } = useTranslation();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [route, setRoute] = useState<Route | 'home'>(routeFromHash);
  const [replayCase, setReplayCase] = useState<string | null>(replayCaseFromHash);

  const signedOut = useCallback(() => {
    stopLive();
    destroyMap();
    forgetBasemap();
    setConfig(null);
    setUser(null);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(signedOut);
    api
      .me()
      .then((r) => setUser(r.user))
      .catch(() => setUser(null));
    const onHash = () => {
      setRoute(routeFromHash());
      setReplayCase(replayCaseFromHash());
    };
    // The live socket re-read the user after a role change (close code 4002): show what the new role may see.
    const onSessionUser = (e: Event) => setUser((e as CustomEvent<User>).detail);
    window.addEventListener('hashchange', onHash);
    window.addEventListener(SESSION_USER_EVENT, onSessionUser);
    return () => {
      setUnauthorizedHandler(null);
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener(SESSION_USER_EVENT, onSessionUser);
    };
  }, [signedOut]);

  useEffect(() => {
    if (!user) return;
    let cancelled = false;
    api
      .config()
      .then((c) => {
        if (cancelled) return;
        setConfig(c);
        return startLive(c.staleAfterS, seesAircraft(user));
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
    };
  }, [user]);

  const navigate = (r: Route) => {
    location.hash =
      r === 'admin'
        ? '#/admin'
        : r === 'officer'
          ? '#/officer'
          : r === 'tadpole'
            ? '#/tadpole'
            : r === 'board'
              ? '#/board'
              : r === 'reports'
                ? '#/reports'
                : '#/map';
  };
  const logout = () => {
    void api.logout().finally(signedOut);
  };

  if (user === undefined) return <div className="page-message">{t('map.loading')}</div>;
  if (user === null) return <LoginPage onLogin={setUser} />;
  // An officer's phone opens on the officer view, a liaison's on the tadpole alerts, unless another page was asked
  // for; whoever also commands opens on the map.
  const home: Route = commands(user)
    ? 'map'
    : worksOnTheGround(user)
      ? 'officer'
      : seesAircraft(user)
        ? 'map'
        : 'tadpole';
  const shown: Route = route === 'home' ? home : route;
  return (
    <div className="app">
      <TopBar user={user} route={replayCase ? 'board' : shown} onNavigate={navigate} onLogout={logout} />
      <main className="app-main">
        {error ? <p className="error page-message">{t('error.generic', { message: error })}</p> : null}
        {replayCase && config ? (
          <ReplayPage key={replayCase} caseId={replayCase} config={config} />
        ) : shown === 'admin' ? (
          <AdminPage user={user} />
        ) : shown === 'officer' && config ? (
          <OfficerPage user={user} config={config} />
        ) : shown === 'reports' && config ? (
          <Suspense fallback={<div className="page-message">{t('map.loading')}</div>}>
            <ReportsPage />
          </Suspense>
        ) : shown === 'board' && config ? (
          <BoardPage />
        ) : shown === 'tadpole' && config ? (
          <TadpolePage user={user} config={config} />
        ) : config ? (
          <MapPage user={user} config={config} />
        ) : (
          <div className="page-message">{t('map.loading')}</div>
        )}
      </main>
    </div>
  );
}
