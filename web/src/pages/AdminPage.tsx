import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import type { Drone, User } from '../api-types.ts';
import { copyText, useNow } from '../hooks.ts';
import { ageText } from '../live/staleness.ts';
import { AuditPanel } from '../admin/AuditPanel.tsx';
import { UsersPanel } from '../admin/UsersPanel.tsx';
import { Confirm } from '../admin/common.tsx';
import { DroneCallsignCell } from '../admin/DroneCallsignCell.tsx';
import { PlacesImportPanel } from '../places/PlacesImportPanel.tsx';
import '../admin/admin-i18n.ts';
import '../admin/admin.css';
import { administers } from '../shared/roles.ts';
import { StreamKeyPanel } from '../video/StreamKeyPanel.tsx';

interface Creds {
  id: string;
  callsign: string;
  mqtt: { url: string; username: string; password: string };
}

type Tab = 'drones' | 'users' | 'audit' | 'places';
const TABS: Tab[] = ['drones', 'users', 'audit', 'places'];

/** Admin: the drones, users and sessions, and the audit log — one tab each (the drones first, as before). */
export function AdminPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('drones');
  if (!administers(user)) return <p className="page-message">{t('admin.forbidden')}</p>;
  return (
    <div className="admin-page adm-wide">
      <h1>{t('adminx.title')}</h1>
      <nav className="adm-tabs" role="tablist">
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            data-tab={k}
            className={tab === k ? 'active' : undefined}
            onClick={() => setTab(k)}
          >
            {t(`adminx.tabs.${k}`)}
          </button>
        ))}
      </nav>
      {tab === 'users' ? (
        <UsersPanel me={user} />
      ) : tab === 'audit' ? (
        <AuditPanel />
      ) : tab === 'places' ? (
        <PlacesImportPanel />
      ) : (
        <DronesPanel />
      )}
    </div>
  );
}

/** Register a drone, show its MQTT credentials once, list the drones. */
function DronesPanel() {
  const { t } = useTranslation();
  const now = useNow(5000);
  const [drones, setDrones] = useState<Drone[]>([]);
  const [callsign, setCallsign] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creds, setCreds] = useState<Creds | null>(null);
  const [copied, setCopied] = useState(false);
  const [asking, setAsking] = useState<{ drone: Drone; action: 'disable' | 'reset' } | null>(null);
  const [acting, setActing] = useState(false);
  const [streamKeyOf, setStreamKeyOf] = useState<Drone | null>(null);

  const reload = useCallback(() => {
    api
      .drones()
      .then((r) => setDrones(r.drones))
      .catch((err: unknown) => setError(String(err)));
  }, []);
  useEffect(reload, [reload]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.registerDrone(callsign.trim());
      setCreds(r);
      setCopied(false);
      setCallsign('');
      reload();
    } catch (err) {
      setError(t('admin.failed', { message: err instanceof ApiError ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  const act = async () => {
    if (!asking) return;
    setActing(true);
    setError(null);
    try {
      if (asking.action === 'reset') {
        setCreds(await api.resetDroneCredentials(asking.drone.id));
        setCopied(false);
      } else {
        await api.disableDrone(asking.drone.id);
      }
      reload();
    } catch (err) {
      setError(t('admin.actionFailed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setActing(false);
      setAsking(null);
    }
  };

  const copy = async () => {
    if (!creds) return;
    const text = `url=${creds.mqtt.url}\nusername=${creds.mqtt.username}\npassword=${creds.mqtt.password}`;
    setCopied(await copyText(text));
  };

  return (
    <div data-testid="drones-panel">
      <section className="card">
        <h2>{t('admin.register')}</h2>
        <form className="inline-form" onSubmit={(e) => void submit(e)}>
          <label>
            {t('admin.callsign')}
            <input
              name="callsign"
              value={callsign}
              placeholder={t('admin.callsignPlaceholder')}
              onChange={(e) => setCallsign(e.target.value)}
              required
              maxLength={32}
            />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('admin.busy') : t('admin.submit')}
          </button>
        </form>
        {error ? <p className="error">{error}</p> : null}
      </section>

      {creds ? (
        <section className="card creds" data-testid="drone-creds" role="alert">
          <h2>{t('admin.credsTitle', { callsign: creds.callsign })}</h2>
          <p className="warning">{t('admin.credsWarning')}</p>
          <dl className="details">
            <dt>{t('admin.url')}</dt>
            <dd>
              <code>{creds.mqtt.url}</code>
            </dd>
            <dt>{t('admin.username')}</dt>
            <dd>
              <code>{creds.mqtt.username}</code>
            </dd>
            <dt>{t('admin.password')}</dt>
            <dd>
              <code>{creds.mqtt.password}</code>
            </dd>
          </dl>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void copy()}>
              {copied ? t('admin.copied') : t('admin.copy')}
            </button>
            <button type="button" onClick={() => setCreds(null)}>
              {t('admin.dismiss')}
            </button>
          </div>
        </section>
      ) : null}

      {streamKeyOf ? (
        <StreamKeyPanel
          key={streamKeyOf.id}
          droneId={streamKeyOf.id}
          callsign={streamKeyOf.callsign}
          onClose={() => setStreamKeyOf(null)}
        />
      ) : null}

      <section className="card">
        <h2>{t('admin.list')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('admin.colCallsign')}</th>
                <th>{t('admin.colStatus')}</th>
                <th>{t('admin.colLastSeen')}</th>
                <th>{t('admin.colBattery')}</th>
                <th>{t('admin.colId')}</th>
                <th>{t('admin.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {drones.map((d) => {
                const last = d.lastSeen ? ageText(now - Date.parse(d.lastSeen)) : null;
                return (
                  <tr key={d.id} data-drone={d.id}>
                    <DroneCallsignCell drone={d} onRenamed={reload} />
                    <td>{d.online ? t('admin.online') : t('admin.offline')}</td>
                    <td>{last ? t(last.key, { count: last.count }) : t('admin.never')}</td>
                    <td>{typeof d.latest?.bat === 'number' ? `${Math.round(d.latest.bat)}%` : '–'}</td>
                    <td>
                      <code>{d.id}</code>
                    </td>
                    <td className="actions">
                      <button type="button" data-testid="drone-stream-key" onClick={() => setStreamKeyOf(d)}>
                        {t('video.key.button')}
                      </button>
                      <button
                        type="button"
                        data-testid="drone-reset"
                        onClick={() => setAsking({ drone: d, action: 'reset' })}
                      >
                        {t('admin.reset')}
                      </button>
                      <button
                        type="button"
                        className="adm-danger"
                        data-testid="drone-disable"
                        onClick={() => setAsking({ drone: d, action: 'disable' })}
                      >
                        {t('admin.disable')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      {asking ? (
        <Confirm
          message={t(asking.action === 'reset' ? 'admin.resetConfirm' : 'admin.disableConfirm', {
            callsign: asking.drone.callsign,
          })}
          busy={acting}
          danger={asking.action === 'disable'}
          onOk={() => void act()}
          onCancel={() => setAsking(null)}
        />
      ) : null}
    </div>
  );
}
