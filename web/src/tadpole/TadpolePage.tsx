import { useEffect, useState } from 'react';
import type { AppConfig, User } from '../api-types.ts';
import { managesGroups } from '../shared/roles.ts';
import { AlertList } from './AlertList.tsx';
import { AlertView } from './AlertView.tsx';
import { CreateAlert } from './CreateAlert.tsx';
import { GroupsPage } from './groups/GroupsPage.tsx';
import { parseTadpoleHash, tadpoleHash, type TadpoleView } from './tadpole-route.ts';
import './tadpole-i18n.ts';
import './tadpole.css';

/** The liaison's pages: the alerts, a new alert, one alert. Phone first. */
export function TadpolePage({ user, config }: { user: User; config: AppConfig }) {
  const [view, setView] = useState<TadpoleView>(() => parseTadpoleHash(location.hash));
  useEffect(() => {
    const on = () => setView(parseTadpoleHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const go = (v: TadpoleView) => {
    location.hash = tadpoleHash(v);
  };
  switch (view.view) {
    case 'list':
      return (
        <AlertList
          onOpen={(id) => go({ view: 'alert', id })}
          onNew={() => go({ view: 'new' })}
          onGroups={managesGroups(user) ? () => go({ view: 'groups' }) : null}
        />
      );
    case 'groups':
      return <GroupsPage user={user} config={config} onBack={() => go({ view: 'list' })} />;
    case 'new':
      return (
        <CreateAlert
          config={config}
          onCreated={(id) => go({ view: 'alert', id })}
          onCancel={() => go({ view: 'list' })}
        />
      );
    case 'alert':
      return (
        <AlertView key={view.id} alertId={view.id} user={user} config={config} onBack={() => go({ view: 'list' })} />
      );
  }
}
