import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types.ts';
import { useNow } from '../hooks.ts';
import { connectionLabel } from '../live/connection.ts';
import { ageText } from '../live/staleness.ts';
import { liveStore, useTopic } from '../live/store.ts';
import { BreachBadge } from '../board/BreachBadge.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import '../tadpole/tadpole-i18n.ts';
import '../board/board-i18n.ts';
import '../reports/reports-i18n.ts';
import { clockTime } from '../shared/clock-time.ts';
import { administers, commands, forwardsAlerts, worksOnTheGround } from '../shared/roles.ts';

export type Route = 'map' | 'admin' | 'officer' | 'tadpole' | 'board' | 'reports';

/** The page's one connection state (connection.ts) as a state name and its words. */
export function useConnection(): { state: string; text: string } {
  const { t } = useTranslation();
  useTopic('conn');
  const now = useNow(1000);
  const label = connectionLabel(liveStore.conn, now, liveStore.lastMessageAt);
  const text = label.key === 'conn.offline' ? t(label.key, { time: clockTime(label.since) }) : t(label.key);
  return { state: label.key.slice('conn.'.length), text };
}

export function ConnectionStatus() {
  const { t } = useTranslation();
  const { state, text } = useConnection();
  const now = useNow(1000);
  const last = liveStore.lastMessageAt;
  const age = last === null ? null : ageText(now - last);
  return (
    <div className={`conn conn-${state}`} role="status" aria-live="polite" data-conn={state}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-text">{text}</span>
      <span className="conn-age">
        {age ? t('conn.lastMessage', { age: t(age.key, { count: age.count }) }) : t('conn.noMessage')}
      </span>
    </div>
  );
}

export function TopBar({
  user,
  route,
  onNavigate,
  onLogout,
}: {
  user: User;
  route: Route;
  onNavigate: (r: Route) => void;
  onLogout: () => void;
}) {
  const { t } = useTranslation();
  const [menuOpen, setMenuOpen] = useState(false);
  const go = (r: Route) => {
    setMenuOpen(false);
    onNavigate(r);
  };
  return (
    <header className="topbar">
      <div className="brand">Lookout</div>
      <ConnectionStatus />
      <div className="topbar-spacer" />
      {commands(user) ? <BreachBadge onOpen={() => go('board')} /> : null}
      <button
        type="button"
        className="menu-toggle"
        aria-expanded={menuOpen}
        aria-label={t('nav.menu')}
        onClick={() => setMenuOpen((o) => !o)}
      >
        ☰
      </button>
      <nav className={`topbar-nav${menuOpen ? ' open' : ''}`}>
        <button type="button" className={route === 'map' ? 'active' : ''} onClick={() => go('map')}>
          {t('nav.map')}
        </button>
        {worksOnTheGround(user) ? (
          <button
            type="button"
            className={route === 'officer' ? 'active' : ''}
            onClick={() => go('officer')}
            data-testid="nav-officer"
          >
            {t('officer.title')}
          </button>
        ) : null}
        {forwardsAlerts(user) ? (
          <button
            type="button"
            className={route === 'tadpole' ? 'active' : ''}
            onClick={() => go('tadpole')}
            data-testid="nav-tadpole"
          >
            {t('tadpole.nav')}
          </button>
        ) : null}
        {commands(user) ? (
          <button
            type="button"
            className={route === 'board' ? 'active' : ''}
            onClick={() => go('board')}
            data-testid="nav-board"
          >
            {t('board.nav')}
          </button>
        ) : null}
        {commands(user) ? (
          <button
            type="button"
            className={route === 'reports' ? 'active' : ''}
            onClick={() => go('reports')}
            data-testid="nav-reports"
          >
            {t('reports.nav')}
          </button>
        ) : null}
        {administers(user) ? (
          <button type="button" className={route === 'admin' ? 'active' : ''} onClick={() => go('admin')}>
            {t('nav.admin')}
          </button>
        ) : null}
        <LanguageSwitch onSwitched={() => setMenuOpen(false)} />
        <span className="user" title={user.roles.join(', ')}>
          {user.displayName || user.username}
        </span>
        <button type="button" onClick={onLogout} data-testid="logout">
          {t('nav.logout')}
        </button>
      </nav>
    </header>
  );
}
