import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type AdminUser } from './admin-api.ts';

/** A user's station (the monthly reports count his cases there); empty = the home station, STATION_NAME. */
export function StationCell({ user, onChanged }: { user: AdminUser; onChanged: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(user.station ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await adminApi.setStation(user.id, value.trim() || null);
      setEditing(false);
      setError(null);
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (!editing) {
    return (
      <span className="adm-station" data-testid="user-station">
        {user.station ?? <span className="adm-muted">{t('reports.userStation.home')}</span>}{' '}
        <button
          type="button"
          data-action="station"
          onClick={() => {
            setValue(user.station ?? '');
            setEditing(true);
          }}
        >
          {t('reports.userStation.edit')}
        </button>
      </span>
    );
  }
  return (
    <form className="adm-station-form" onSubmit={(e) => void save(e)}>
      <input
        name="station"
        value={value}
        maxLength={64}
        placeholder={t('reports.userStation.placeholder')}
        aria-label={t('reports.userStation.label')}
        onChange={(e) => setValue(e.target.value)}
        autoFocus
      />
      <button type="submit" disabled={busy}>
        {t('reports.userStation.save')}
      </button>
      <button type="button" onClick={() => setEditing(false)}>
        {t('reports.userStation.cancel')}
      </button>
      {error ? <span className="error">{error}</span> : null}
    </form>
  );
}
