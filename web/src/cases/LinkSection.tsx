import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../hooks.ts';
import { caseApi } from './case-api.ts';
import type { CaseDetail, CreatedLink } from './case-types.ts';
import { errText } from './case-ui.ts';

/** A caller location link for the reporter's phone: the SMS text, copy, and its QR code. */
export function LinkSection({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState(detail.case.reporterPhone ?? '');
  const [link, setLink] = useState<CreatedLink | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="cases-section" data-testid="link-section">
      <h4>{t('cases.link.title')}</h4>
      <div className="cases-row">
        <input
          aria-label={t('cases.link.phone')}
          placeholder={t('cases.link.phone')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          inputMode="tel"
        />
        <button
          type="button"
          className="primary"
          disabled={!phone.trim()}
          onClick={() => {
            setError(null);
            caseApi
              .createLink(detail.case.id, phone.trim())
              .then((l) => {
                setLink(l);
                setCopied(false);
              })
              .catch((err: unknown) => setError(errText(err)));
          }}
        >
          {t('cases.link.create')}
        </button>
      </div>
      {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
      {link ? (
        <div className="cases-link" data-testid="link-result">
          <label>
            {t('cases.link.sms')}
            <textarea readOnly rows={3} value={link.smsText} />
          </label>
          <div className="cases-row">
            <button type="button" onClick={() => void copyText(link.smsText).then(setCopied)}>
              {copied ? t('officer.copied') : t('cases.link.copy')}
            </button>
            <span className="muted">
              {t('cases.link.expires', { time: new Date(link.expiresAt).toLocaleString() })}
            </span>
          </div>
          <div className="cases-qr" dangerouslySetInnerHTML={{ __html: link.qrSvg }} />
        </div>
      ) : null}
    </section>
  );
}
