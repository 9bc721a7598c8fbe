import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaceView } from '@lookout/contracts';
import './places-i18n.ts';
import { placeDistanceText } from './place-distance.ts';
import { usePlaceSearch } from './use-place-search.ts';
import './places.css';

export interface PlaceSearchProps {
  /** Where distances are measured from (the map's centre), WGS-84; null = no distances. */
  near: () => [number, number] | null;
  onPick: (place: PlaceView) => void;
  /** Names the box for tests and styles (`map-place-search`, `ipp-place-search`). */
  testId: string;
  className?: string;
}

/** A search box listing gazetteer matches as one types (name, pinyin, initials), each with its kind and distance. */
export function PlaceSearch({ near, onPick, testId, className }: PlaceSearchProps) {
  const { t } = useTranslation();
  const listId = useId();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const result = usePlaceSearch(q, near);
  const places = result.status === 'done' ? result.places : [];

  const pick = (p: PlaceView) => {
    setQ(p.name);
    setOpen(false);
    onPick(p);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (places.length ? (a + step + places.length) % places.length : 0));
    } else if (e.key === 'Enter') {
      const p = places[active];
      if (open && p) {
        e.preventDefault();
        pick(p);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  const showList = open && q.trim() !== '' && result.status !== 'idle';

  return (
    <div className={`place-search ${className ?? ''}`} data-testid={testId}>
      <div className="place-search-box">
        <input
          type="search"
          role="combobox"
          aria-label={t('places.search')}
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && places[active] ? `${listId}-${active}` : undefined}
          placeholder={t('places.searchHint')}
          value={q}
          maxLength={64}
          enterKeyHint="search"
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKey}
          data-testid="place-search-input"
        />
      </div>
      {showList ? (
        <ul className="place-search-list" role="listbox" id={listId} data-testid="place-search-list">
          {result.status === 'searching' ? <li className="place-search-note">{t('places.searching')}</li> : null}
          {result.status === 'failed' ? (
            <li className="place-search-note error">{t('places.error', { message: result.message })}</li>
          ) : null}
          {result.status === 'done' && places.length === 0 ? (
            <li className="place-search-note">{t('places.none', { q: q.trim() })}</li>
          ) : null}
          {places.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: the input's blur must not close the list before the pick lands.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p);
              }}
              data-place={p.name}
            >
              <span className="place-name">{p.name}</span>
              <span className="place-kind">{t(`places.kind.${p.kind}`)}</span>
              {p.distanceM !== null ? (
                <span className="place-distance">{placeDistanceText(p.distanceM, t)}</span>
              ) : null}
              {p.alias ? <span className="place-alias">{p.alias}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
