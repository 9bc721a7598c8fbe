import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig, User } from '../../api-types.ts';
import { managesAllGroups } from '../../shared/roles.ts';
import type { Group, GroupPeopleResponse } from '@lookout/contracts';
import { GroupCard } from './GroupCard.tsx';
import { GroupForm } from './GroupForm.tsx';
import { GroupImport } from './GroupImport.tsx';
import { groupsApi } from './groups-api.ts';
import './groups.css';

type Mode = { m: 'list' } | { m: 'new' } | { m: 'edit'; group: Group };

/** The community groups (网格群): the liaison's own and, for commanders, every one. Phone first. */
export function GroupsPage({ user, config, onBack }: { user: User; config: AppConfig; onBack: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>({ m: 'list' });
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [people, setPeople] = useState<GroupPeopleResponse | null>(null);
  const [showDisabled, setShowDisabled] = useState(true);
  const [importing, setImporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const all = managesAllGroups(user);

  const load = useCallback(() => {
    groupsApi.list(showDisabled).then(
      (g) => {
        setGroups(g);
        setError(null);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [showDisabled]);
  useEffect(load, [load]);
  useEffect(() => {
    groupsApi.people().then(setPeople, () => setPeople({ liaisons: [], officers: [] }));
  }, []);

  if (mode.m !== 'list') {
    return (
      <GroupForm
        config={config}
        user={user}
        editing={mode.m === 'edit' ? mode.group : null}
        people={people}
        onSaved={() => {
          setMode({ m: 'list' });
          load();
        }}
        onCancel={() => setMode({ m: 'list' })}
      />
    );
  }

  const mine = (g: Group) => all || g.liaisonId === user.id;
  return (
    <div className="tp-page tp-list gp-page" data-testid="groups-page">
      <div className="tp-list-head gp-head">
        <button type="button" className="tp-mid tp-quiet" onClick={onBack}>
          {t('tadpole.list.back')}
        </button>
        <h2 className="gp-title">{t('tadpole.groups.title')}</h2>
        <div className="gp-actions">
          <button
            type="button"
            className="tp-mid"
            onClick={() => setImporting((v) => !v)}
            data-testid="group-import-open"
          >
            {t('tadpole.groups.import.open')}
          </button>
          <button
            type="button"
            className="tp-mid primary"
            onClick={() => setMode({ m: 'new' })}
            data-testid="group-new"
          >
            {t('tadpole.groups.new')}
          </button>
        </div>
      </div>
      <label className="tp-check gp-show-disabled">
        <input type="checkbox" checked={showDisabled} onChange={(e) => setShowDisabled(e.target.checked)} />
        {t('tadpole.groups.showDisabled')}
      </label>
      {importing ? <GroupImport onImported={load} onClose={() => setImporting(false)} /> : null}
      {error ? <p className="tp-error tp-pad">{error}</p> : null}
      {groups === null ? <p className="muted tp-pad">{t('tadpole.list.loading')}</p> : null}
      {groups?.length === 0 ? <p className="muted tp-pad">{t('tadpole.groups.empty')}</p> : null}
      <ul className="gp-cards">
        {groups?.map((g) => (
          <GroupCard
            key={g.id}
            group={g}
            canManage={mine(g)}
            onEdit={() => setMode({ m: 'edit', group: g })}
            onChanged={load}
          />
        ))}
      </ul>
    </div>
  );
}
