import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig, User } from '../../api-types.ts';
import { managesAllGroups } from '../../shared/roles.ts';
import { channels, type Channel, type CreateGroupBody, type Group, type GroupPeopleResponse } from '@lookout/contracts';
import { AreaField } from './AreaField.tsx';
import {
  emptyForm,
  formBody,
  formFromGroup,
  ROBOT_CHANNELS,
  type FormProblem,
  type GroupFormState,
} from './group-form.ts';
import { groupsApi } from './groups-api.ts';

/** Create or change a group. Credentials are write-only: the fields start empty and empty keeps what is stored. */
export function GroupForm({
  config,
  user,
  editing,
  people,
  onSaved,
  onCancel,
}: {
  config: AppConfig;
  user: User;
  editing: Group | null;
  people: GroupPeopleResponse | null;
  onSaved: (g: Group) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<GroupFormState>(() => (editing ? formFromGroup(editing) : emptyForm()));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof GroupFormState>(k: K, v: GroupFormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const all = managesAllGroups(user);
  const robot = ROBOT_CHANNELS.includes(form.channel);
  const keeps = editing?.hasCredentials && editing.channel === form.channel;

  const save = async () => {
    const out = formBody(all ? form : { ...form, liaisonId: editing?.liaisonId ?? user.id }, editing);
    if ('problem' in out) {
      setProblem(out.problem);
      return;
    }
    setProblem(null);
    setSaving(true);
    setError(null);
    try {
      onSaved(
        editing ? await groupsApi.update(editing.id, out.body) : await groupsApi.create(out.body as CreateGroupBody),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };
  const fieldError = (...p: FormProblem[]) =>
    problem && p.includes(problem) ? t(`tadpole.groups.errors.${problem}`) : null;

  return (
    <form
      className="tp-page tp-form gp-form"
      data-testid="group-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="tp-list-head">
        <button type="button" className="tp-mid tp-quiet" onClick={onCancel}>
          {t('tadpole.list.back')}
        </button>
        <h2 className="gp-title">{editing ? t('tadpole.groups.editTitle') : t('tadpole.groups.newTitle')}</h2>
      </div>
      <div className="gp-form-body">
        <label className={`tp-field${fieldError('name') ? ' has-error' : ''}`}>
          <span className="tp-label">{t('tadpole.groups.name')}</span>
          <input
            value={form.name}
            maxLength={120}
            data-testid="group-name"
            onChange={(e) => set('name', e.target.value)}
          />
          {fieldError('name') ? <span className="tp-error">{fieldError('name')}</span> : null}
        </label>
        <label className="tp-field">
          <span className="tp-label">{t('tadpole.groups.grid')}</span>
          <input
            value={form.gridName}
            maxLength={120}
            data-testid="group-grid"
            onChange={(e) => set('gridName', e.target.value)}
          />
        </label>
        <label className={`tp-field${fieldError('memberCount') ? ' has-error' : ''}`}>
          <span className="tp-label">{t('tadpole.groups.members')}</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            value={form.memberCount}
            data-testid="group-members"
            onChange={(e) => set('memberCount', e.target.value)}
          />
          {fieldError('memberCount') ? <span className="tp-error">{fieldError('memberCount')}</span> : null}
        </label>
        <label className="tp-field">
          <span className="tp-label">{t('tadpole.groups.liaison')}</span>
          {all ? (
            <select
              value={form.liaisonId}
              data-testid="group-liaison"
              onChange={(e) => set('liaisonId', e.target.value)}
            >
              <option value="">{t('tadpole.groups.nobody')}</option>
              {people?.liaisons.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}
                </option>
              ))}
            </select>
          ) : (
            <input value={editing?.liaisonName ?? user.displayName} readOnly />
          )}
        </label>
        <label className="tp-field">
          <span className="tp-label">{t('tadpole.groups.officer')}</span>
          <select value={form.officerId} data-testid="group-officer" onChange={(e) => set('officerId', e.target.value)}>
            <option value="">{t('tadpole.groups.nobody')}</option>
            {people?.officers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </label>
        <AreaField
          config={config}
          area={form.area}
          stored={editing?.area ?? null}
          onArea={(a) => set('area', a)}
          error={fieldError('area', 'radius', 'polygon')}
        />
        <label className="tp-field">
          <span className="tp-label">{t('tadpole.groups.channel')}</span>
          <select
            value={form.channel}
            data-testid="group-channel"
            onChange={(e) => set('channel', e.target.value as Channel)}
          >
            {channels.map((c) => (
              <option key={c} value={c}>
                {t(`tadpole.deliveries.channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        {form.channel === 'forward_kit' ? <p className="tp-hint">{t('tadpole.groups.forwardKitHint')}</p> : null}
        {robot ? (
          <>
            <label className={`tp-field${fieldError('webhookUrl', 'credentialsNeeded') ? ' has-error' : ''}`}>
              <span className="tp-label">{t('tadpole.groups.webhookUrl')}</span>
              <input
                type="password"
                autoComplete="off"
                value={form.webhookUrl}
                data-testid="group-webhook"
                placeholder={
                  keeps ? t('tadpole.groups.keepSecret') : t(`tadpole.groups.webhookExample.${form.channel}`)
                }
                onChange={(e) => set('webhookUrl', e.target.value)}
              />
              {fieldError('webhookUrl', 'credentialsNeeded') ? (
                <span className="tp-error">{fieldError('webhookUrl', 'credentialsNeeded')}</span>
              ) : null}
            </label>
            {form.channel !== 'wecom' ? (
              <label className="tp-field">
                <span className="tp-label">{t('tadpole.groups.signSecret')}</span>
                <input
                  type="password"
                  autoComplete="off"
                  value={form.signSecret}
                  placeholder={keeps ? t('tadpole.groups.keepSecret') : ''}
                  onChange={(e) => set('signSecret', e.target.value)}
                />
              </label>
            ) : null}
          </>
        ) : null}
        {form.channel === 'sms' ? (
          <label className={`tp-field${fieldError('phones', 'credentialsNeeded') ? ' has-error' : ''}`}>
            <span className="tp-label">{t('tadpole.groups.phones')}</span>
            <textarea
              rows={3}
              value={form.phones}
              data-testid="group-phones"
              placeholder={keeps ? t('tadpole.groups.keepSecret') : '13800001111, 13900002222'}
              onChange={(e) => set('phones', e.target.value)}
            />
            {fieldError('phones', 'credentialsNeeded') ? (
              <span className="tp-error">{fieldError('phones', 'credentialsNeeded')}</span>
            ) : null}
          </label>
        ) : null}
        {editing?.hasCredentials ? (
          <p className="tp-hint" data-testid="credentials-stored">
            {t('tadpole.groups.credentialsStored', { hint: editing.credentialsHint ?? '' })}
          </p>
        ) : null}
        {error ? (
          <p className="tp-error" role="alert" data-testid="group-save-error">
            {error}
          </p>
        ) : null}
        <div className="tp-buttons">
          <button type="submit" className="tp-big primary tp-grow" disabled={saving} data-testid="group-save">
            {saving ? t('tadpole.groups.saving') : t('tadpole.groups.save')}
          </button>
        </div>
      </div>
    </form>
  );
}
