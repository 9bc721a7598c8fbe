import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '@lookout/contracts';
import { groupsApi } from './groups-api.ts';
import { GroupTestButton } from './GroupTestButton.tsx';

/** One group in the list: what it is, who answers for it, its last test; edit, disable/enable, test. */
export function GroupCard({
  group,
  canManage,
  onEdit,
  onChanged,
}: {
  group: Group;
  canManage: boolean;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await groupsApi.setDisabled(group.id, !group.disabled);
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const last = group.lastTest;
  const when = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, {
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
  return (
    <li className={`gp-card${group.disabled ? ' gp-disabled' : ''}`} data-group={group.id} data-testid="group-card">
      <div className="gp-card-head">
        <strong className="gp-name">{group.name}</strong>
        <span className={`tp-chip ${group.disabled ? 'gp-chip-off' : 'gp-chip-on'}`} data-testid="group-enabled">
          {group.disabled ? t('tadpole.groups.disabled') : t('tadpole.groups.enabled')}
        </span>
      </div>
      <dl className="gp-facts">
        <dt>{t('tadpole.groups.grid')}</dt>
        <dd>{group.gridName ?? '—'}</dd>
        <dt>{t('tadpole.groups.channel')}</dt>
        <dd>{t(`tadpole.deliveries.channel.${group.channel}`)}</dd>
        <dt>{t('tadpole.groups.members')}</dt>
        <dd>{group.memberCount}</dd>
        <dt>{t('tadpole.groups.liaison')}</dt>
        <dd>{group.liaisonName ?? '—'}</dd>
        <dt>{t('tadpole.groups.officer')}</dt>
        <dd>{group.officerName ?? '—'}</dd>
        <dt>{t('tadpole.groups.credentials')}</dt>
        <dd data-testid="group-credentials">
          {group.channel === 'forward_kit'
            ? t('tadpole.groups.credentialsNone')
            : group.hasCredentials
              ? t('tadpole.groups.credentialsSet', { hint: group.credentialsHint ?? '' })
              : t('tadpole.groups.credentialsMissing')}
        </dd>
        <dt>{t('tadpole.groups.lastTest')}</dt>
        <dd data-testid="group-last-test">
          {!last
            ? t('tadpole.groups.neverTested')
            : last.ok === null
              ? t('tadpole.groups.lastTestNoAnswer', { at: when(last.at) })
              : last.ok
                ? t('tadpole.groups.lastTestOk', { at: when(last.at) })
                : t('tadpole.groups.lastTestFailed', {
                    at: when(last.at),
                    code: last.vendorCode ?? '-',
                    message: last.error ?? '',
                  })}
        </dd>
      </dl>
      {canManage ? (
        <div className="tp-buttons">
          <button type="button" className="tp-mid" onClick={onEdit} data-testid="group-edit">
            {t('tadpole.groups.edit')}
          </button>
          <button
            type="button"
            className="tp-mid"
            disabled={busy}
            onClick={() => void toggle()}
            data-testid="group-toggle"
          >
            {group.disabled ? t('tadpole.groups.enable') : t('tadpole.groups.disable')}
          </button>
          {group.channel !== 'forward_kit' && group.hasCredentials ? (
            <GroupTestButton group={group} onTested={onChanged} />
          ) : null}
        </div>
      ) : null}
      {error ? <p className="tp-error">{error}</p> : null}
    </li>
  );
}
