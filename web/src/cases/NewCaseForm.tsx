import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { caseApi } from './case-api.ts';
import { datums, subjectCategories, terrains, type Datum, type SubjectCategory } from '@lookout/contracts';
import type { CaseSummary } from './case-types.ts';
import { errText, pickOnMap } from './case-ui.ts';
import { PlaceSearch } from '../places/PlaceSearch.tsx';
import { mapCentre } from '../map/core/map-points.ts';

/** Opening a lost-person case: who, how many, terrain, the reporter's phone and the IPP (typed or picked). */
export function NewCaseForm({ onDone }: { onDone: (c: CaseSummary | null) => void }) {
  const { t } = useTranslation();
  const [category, setCategory] = useState<SubjectCategory>('hiker');
  const [terrain, setTerrain] = useState<string>('temperate_mountain');
  const [ipp, setIpp] = useState<{ lon: string; lat: string; datum: Datum }>({ lon: '', lat: '', datum: 'wgs84' });
  const [picking, setPicking] = useState(false);
  /** The gazetteer place the IPP was taken from, until the coordinates are edited. */
  const [ippPlace, setIppPlace] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const count = Number(f.get('subjectCount'));
    const phone = String(f.get('reporterPhone') ?? '').trim();
    const description = String(f.get('description') ?? '').trim();
    caseApi
      .open({
        kind: 'lost_person',
        title: String(f.get('title') ?? '').trim(),
        subjectCategory: category,
        terrain,
        ...(count > 0 ? { subjectCount: count } : {}),
        ...(phone ? { reporterPhone: phone } : {}),
        ...(description ? { description } : {}),
        ...(ipp.lon && ipp.lat ? { ipp: { lon: Number(ipp.lon), lat: Number(ipp.lat), datum: ipp.datum } } : {}),
      })
      .then((r) => onDone(r.case))
      .catch((err: unknown) => setError(errText(err)));
  };

  return (
    <form className="cases-form" onSubmit={submit} data-testid="new-case-form">
      <label>
        {t('cases.fields.title')}
        <input name="title" required maxLength={200} />
      </label>
      <div className="cases-row">
        <label>
          {t('cases.fields.subjectCategory')}
          <select
            value={category}
            onChange={(e) => setCategory(e.target.value as SubjectCategory)}
            name="subjectCategory"
          >
            {subjectCategories.map((c) => (
              <option key={c} value={c}>
                {t(`cases.category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="narrow">
          {t('cases.fields.subjectCount')}
          <input name="subjectCount" type="number" min={1} max={1000} defaultValue={1} />
        </label>
      </div>
      <label>
        {t('cases.fields.terrain')}
        <select value={terrain} onChange={(e) => setTerrain(e.target.value)} name="terrain">
          {terrains.map((x) => (
            <option key={x} value={x}>
              {t(`cases.terrainName.${x}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('cases.fields.reporterPhone')}
        <input name="reporterPhone" inputMode="tel" />
      </label>
      <label>
        {t('cases.fields.description')}
        <textarea name="description" rows={2} />
      </label>
      <fieldset>
        <legend>{t('cases.fields.ipp')}</legend>
        <PlaceSearch
          near={mapCentre}
          testId="ipp-place-search"
          onPick={(p) => {
            setIppPlace(p.name);
            setIpp({ lon: String(p.lon), lat: String(p.lat), datum: 'wgs84' });
          }}
        />
        {ippPlace ? (
          <p className="cases-hint" data-testid="ipp-place">
            {t('places.ippFrom', { name: ippPlace })}
          </p>
        ) : null}
        <div className="cases-row">
          <input
            aria-label={t('cases.fields.lon')}
            placeholder={t('cases.fields.lon')}
            value={ipp.lon}
            onChange={(e) => {
              setIppPlace(null);
              setIpp({ ...ipp, lon: e.target.value });
            }}
            name="ippLon"
          />
          <input
            aria-label={t('cases.fields.lat')}
            placeholder={t('cases.fields.lat')}
            value={ipp.lat}
            onChange={(e) => {
              setIppPlace(null);
              setIpp({ ...ipp, lat: e.target.value });
            }}
            name="ippLat"
          />
        </div>
        <div className="cases-row">
          <select
            aria-label={t('cases.fields.datum')}
            value={ipp.datum}
            onChange={(e) => setIpp({ ...ipp, datum: e.target.value as Datum })}
          >
            {datums.map((d) => (
              <option key={d} value={d}>
                {t(`cases.datumName.${d}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            onClick={() => {
              setPicking(true);
              pickOnMap(([lon, lat]) => {
                setPicking(false);
                setIppPlace(null);
                setIpp({ lon: String(lon), lat: String(lat), datum: 'wgs84' });
              });
            }}
            data-testid="pick-ipp"
          >
            {picking ? t('cases.picking') : t('cases.pickOnMap')}
          </button>
        </div>
      </fieldset>
      {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
      <div className="cases-row">
        <button type="submit" className="primary">
          {t('cases.open')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('cases.cancel')}
        </button>
      </div>
    </form>
  );
}
