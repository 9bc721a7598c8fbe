import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import type { Drone } from '../api-types.ts';

/**
 * A drone's callsign in the admin table, with its rename form. A DJI aircraft arrives with an automatic name
 * (model and the serial's last four); the admin's name replaces it for good (the bridge never renames a drone).
 */
export function DroneCallsignCell({ drone, onRenamed }: { drone: Drone; onRenamed: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (value === null) return;
    setBusy(true);
    setError(null);
    try {
      await api.renameDrone(drone.id, value.trim());
      setValue(null);
      onRenamed();
    } catch (err) {
      setError(t('adminx.drones.renameFailed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  if (value === null)
    return (
      <td className="drone-callsign">
        <span data-raw data-testid="drone-callsign">
          {drone.callsign}
        </span>
        <button
          type="button"
          className="adm-rename"
          data-testid="drone-rename"
          onClick={() => {
            setValue(drone.callsign);
            setError(null);
          }}
        >
          {t('adminx.drones.rename')}
        </button>
      </td>
    );
  return (
    <td className="drone-callsign">
      <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="drone-rename-form">
        <input
          name="callsign"
          aria-label={t('adminx.drones.newName')}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required
          maxLength={40}
          autoFocus
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('adminx.drones.saving') : t('adminx.drones.save')}
        </button>
        <button type="button" onClick={() => setValue(null)} disabled={busy}>
          {t('adminx.drones.cancel')}
        </button>
      </form>
      {error ? <p className="error">{error}</p> : null}
    </td>
  );
}
