import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseApi } from './case-api.ts';
import type { Unit } from './case-types.ts';
import { errText } from './case-ui.ts';

/** The agencies a station calls on most; any other may be typed. */
const AGENCIES = ['消防救援队', '蓝天救援队', '网格员', '民兵应急分队', '村干部'];

/** An outside team without an account (fire rescue, a volunteer rescue team, a grid worker): added, then dispatched. */
export function OutsideTeamForm({ onAdded, onCancel }: { onAdded: (unit: Unit) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [callsign, setCallsign] = useState('');
  const [agency, setAgency] = useState('');
  const [phone, setPhone] = useState('');
  const [members, setMembers] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ready = callsign.trim() && agency.trim() && phone.trim() && !busy;
  return (
    <form
      className="cases-team-form"
      data-testid="outside-team-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        setBusy(true);
        setError(null);
        const n = Number(members);
        caseApi
          .addOutsideTeam({
            callsign: callsign.trim(),
            agency: agency.trim(),
            phone: phone.trim(),
            ...(members.trim() && Number.isInteger(n) && n > 0 ? { members: n } : {}),
          })
          .then(onAdded)
          .catch((err: unknown) => setError(errText(err)))
          .finally(() => setBusy(false));
      }}
    >
      <h5>{t('cases.team.addTitle')}</h5>
      <div className="cases-row">
        <input
          aria-label={t('cases.team.callsign')}
          placeholder={t('cases.team.callsign')}
          value={callsign}
          onChange={(e) => setCallsign(e.target.value)}
          maxLength={40}
          data-testid="team-callsign"
        />
        <input
          aria-label={t('cases.team.agency')}
          placeholder={t('cases.team.agency')}
          value={agency}
          onChange={(e) => setAgency(e.target.value)}
          list="outside-team-agencies"
          maxLength={40}
          data-testid="team-agency"
        />
        <datalist id="outside-team-agencies">
          {AGENCIES.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="cases-row">
        <input
          aria-label={t('cases.team.phone')}
          placeholder={t('cases.team.phone')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          inputMode="tel"
          data-testid="team-phone"
        />
        <input
          aria-label={t('cases.team.members')}
          placeholder={t('cases.team.members')}
          value={members}
          onChange={(e) => setMembers(e.target.value)}
          inputMode="numeric"
          data-testid="team-members"
        />
      </div>
      <div className="cases-row">
        <button type="submit" className="primary" disabled={!ready} data-testid="team-add">
          {t('cases.team.add')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cases.team.cancel')}
        </button>
      </div>
      {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
    </form>
  );
}
