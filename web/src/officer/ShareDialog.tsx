import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { copyText } from '../hooks.ts';
import { currentLanguage } from '../i18n.ts';
import { sharedTarget } from './share-target.ts';

/** The target's coordinates to pass on by voice, text, QR code or an AMap link (WGS-84 and GCJ-02 both). */
export function ShareDialog({
  target,
  caseTitle,
  onClose,
}: {
  target: [number, number];
  caseTitle: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const shared = sharedTarget(target[0], target[1], t('officer.target'));
  // Chinese says 北纬/东经 in words; English keeps the N/E letter.
  const dms = (v: string) => (lang === 'en' ? v : v.slice(0, -1));
  const shareLines = [
    t('officer.shareTitle', { title: caseTitle }),
    t('officer.shareWgs', {
      lat: dms(shared.wgs84.latDms),
      lon: dms(shared.wgs84.lonDms),
      decimal: `${shared.wgs84.lat}, ${shared.wgs84.lon}`,
    }),
    t('officer.shareGcj', { decimal: `${shared.gcj02.lat}, ${shared.gcj02.lon}` }),
    t('officer.shareAmap', { url: shared.amapUrl }),
  ];
  const shareText = shareLines.join('\n');

  useEffect(() => {
    let live = true;
    QRCode.toString(shareText, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
      .then((svg) => live && setQr(svg))
      .catch(() => live && setQr(null));
    return () => {
      live = false;
    };
  }, [shareText]);

  return (
    <div className="officer-dialog" role="dialog" aria-modal="true" data-testid="share-dialog">
      <div className="officer-share-text">
        {shareLines.slice(0, 3).map((line) => (
          <p key={line}>
            {line.split(/(\d[\d.°′″]*[NSEW]?)/).map((part, i) =>
              i % 2 === 1 ? (
                <span key={i} className="officer-coord">
                  {part}
                </span>
              ) : (
                part
              ),
            )}
          </p>
        ))}
      </div>
      <a className="officer-amap" href={shared.amapUrl} target="_blank" rel="noreferrer" data-testid="share-amap">
        {t('officer.openAmap')} ›
      </a>
      {qr ? <div className="officer-qr" dangerouslySetInnerHTML={{ __html: qr }} /> : null}
      <div className="officer-dialog-buttons">
        <button type="button" onClick={() => void copyText(shareText).then(setCopied)} data-testid="share-copy">
          {copied ? t('officer.copied') : t('officer.copy')}
        </button>
        {'share' in navigator ? (
          <button type="button" onClick={() => navigator.share({ text: shareText }).catch(() => undefined)}>
            {t('officer.share')}
          </button>
        ) : null}
        <button type="button" onClick={onClose}>
          {t('officer.close')}
        </button>
      </div>
    </div>
  );
}
