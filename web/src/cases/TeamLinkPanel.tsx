import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../hooks.ts';
import { caseApi } from './case-api.ts';
import type { TeamLink } from './case-types.ts';
import { errText } from './case-ui.ts';

/**
 * An outside team's guidance link after its dispatch: whether the SMS went, the link to copy, its QR code to show
 * on the desk screen, and revoke / send a new one.
 */
export function TeamLinkPanel({ link, onChange }: { link: TeamLink; onChange: (link: TeamLink | null) => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const [revokedAt, setRevokedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sms = link.sms;
  // The gateway's note says when no gateway is configured and the SMS only went to the local sink file.
  const smsText = sms.sent
    ? sms.note
      ? t('cases.team.smsSink')
      : t('cases.team.smsSent')
    : t('cases.team.smsFailed', { error: sms.error ?? '?' });
  return (
    <div className="cases-link" data-testid="team-link" data-revoked={revokedAt ? 'true' : 'false'}>
      <p
        className={sms.sent && !sms.note ? 'cases-hint' : 'error'}
        data-testid="team-link-sms"
        data-sent={sms.sent && !sms.note ? 'true' : 'false'}
      >
        {smsText}
      </p>
      <label>
        {t('cases.team.link')}
        <input readOnly value={link.url} data-testid="team-link-url" onFocus={(e) => e.target.select()} />
      </label>
      <div className="cases-row">
        <button type="button" onClick={() => void copyText(link.url).then(setCopied)} disabled={Boolean(revokedAt)}>
          {copied ? t('officer.copied') : t('cases.team.copy')}
        </button>
        {revokedAt ? (
          <span className="error" data-testid="team-link-revoked">
            {t('cases.team.revoked')}
          </span>
        ) : (
          <button
            type="button"
            data-testid="team-link-revoke"
            onClick={() =>
              caseApi
                .revokeTeamLink(link.id)
                .then((r) => setRevokedAt(r.revokedAt))
                .catch((err: unknown) => setError(errText(err)))
            }
          >
            {t('cases.team.revoke')}
          </button>
        )}
        <button
          type="button"
          data-testid="team-link-reissue"
          onClick={() =>
            caseApi
              .reissueTeamLink(link.assignmentId)
              .then((l) => {
                setRevokedAt(null);
                setCopied(false);
                onChange(l);
              })
              .catch((err: unknown) => setError(errText(err)))
          }
        >
          {t('cases.team.reissue')}
        </button>
      </div>
      <span className="muted">{t('cases.link.expires', { time: new Date(link.expiresAt).toLocaleString() })}</span>
      {revokedAt ? null : (
        <div className="cases-qr" data-testid="team-link-qr" dangerouslySetInnerHTML={{ __html: link.qrSvg }} />
      )}
      {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
    </div>
  );
}
