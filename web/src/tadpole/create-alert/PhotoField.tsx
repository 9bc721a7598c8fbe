import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** The child's photo, taken with the phone's camera; shown as a thumbnail with its size before it is sent. */
export function PhotoField({ photo, onChange }: { photo: File | null; onChange: (f: File | null) => void }) {
  const { t } = useTranslation();
  const photoUrl = useMemo(() => (photo ? URL.createObjectURL(photo) : null), [photo]);
  useEffect(() => () => void (photoUrl && URL.revokeObjectURL(photoUrl)), [photoUrl]);
  return (
    <div className="tp-field">
      <span className="tp-label">{t('tadpole.form.photo')}</span>
      <div className="tp-photo-row">
        <label className="tp-big tp-file">
          {t('tadpole.form.takePhoto')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            name="photo"
            data-testid="photo-input"
            onChange={(e) => onChange(e.target.files?.[0] ?? null)}
          />
        </label>
        {photoUrl ? <img className="tp-thumb" src={photoUrl} alt="" /> : null}
      </div>
      {photo ? (
        <span className="tp-hint">
          {t('tadpole.form.photoChosen', { kb: Math.round(photo.size / 1024) })}{' '}
          <button type="button" className="tp-link" onClick={() => onChange(null)}>
            {t('tadpole.form.removePhoto')}
          </button>
        </span>
      ) : null}
    </div>
  );
}
