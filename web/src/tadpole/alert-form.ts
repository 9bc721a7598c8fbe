/**
 * The create-alert form as data: what the liaison typed (strings, as inputs give them), what is missing or wrong
 * (i18n keys under `tadpole.form.errors`), and the request body for POST /tadpole/alerts. Pure, tested beside.
 * Public card and case file are separate on purpose: nothing typed in the case-file part reaches the card.
 */
import type { Datum } from '../cases/case-types.ts';
import type { AgeBand, AlertKind, CreateAlertBody, LawfulBasis, Sex } from './tadpole-types.ts';

export interface PlaceInput {
  lon: number;
  lat: number;
  datum: Datum;
  source: 'map' | 'device';
  accuracyM?: number;
}

export interface AlertDraft {
  kind: AlertKind;
  ageBand: AgeBand | '';
  sex: Sex;
  heightCm: string;
  clothing: string;
  publicNote: string;
  placeText: string;
  place: PlaceInput | null;
  /** `datetime-local` value in the phone's time zone ("2026-05-01T08:30"). */
  seenAt: string;
  contactPhone: string;
  childName: string;
  guardianName: string;
  guardianPhone: string;
  school: string;
  idNumber: string;
  caseNotes: string;
  lawfulBasis: LawfulBasis;
  guardianConsent: boolean;
}

export type DraftField = 'ageBand' | 'heightCm' | 'place' | 'seenAt' | 'contactPhone' | 'clothing' | 'guardianPhone';
export type DraftErrors = Partial<Record<DraftField, string>>;

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

/** `datetime-local` value for a moment, in the phone's own zone. */
export function localInputValue(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function emptyDraft(now: number, stationPhone = ''): AlertDraft {
  return {
    kind: 'found_child',
    ageBand: '',
    sex: 'unknown',
    heightCm: '',
    clothing: '',
    publicNote: '',
    placeText: '',
    place: null,
    seenAt: localInputValue(now),
    contactPhone: stationPhone,
    childName: '',
    guardianName: '',
    guardianPhone: '',
    school: '',
    idNumber: '',
    caseNotes: '',
    lawfulBasis: 'vital_interest',
    guardianConsent: false,
  };
}

export function validateDraft(d: AlertDraft, now: number): DraftErrors {
  const e: DraftErrors = {};
  if (!d.ageBand) e.ageBand = 'ageBand';
  const h = d.heightCm.trim();
  if (h && !(/^\d{2,3}$/.test(h) && Number(h) >= 40 && Number(h) <= 200)) e.heightCm = 'heightCm';
  if (!d.place) e.place = 'place';
  const seen = Date.parse(d.seenAt);
  if (!d.seenAt || Number.isNaN(seen)) e.seenAt = 'seenAt';
  else if (seen > now + 5 * 60_000) e.seenAt = 'seenAtFuture';
  else if (seen < now - 30 * 86_400_000) e.seenAt = 'seenAtOld';
  if (!PHONE.test(d.contactPhone.trim())) e.contactPhone = 'contactPhone';
  if (d.clothing.length > 500) e.clothing = 'tooLong';
  if (d.guardianPhone.trim() && !PHONE.test(d.guardianPhone.trim())) e.guardianPhone = 'guardianPhone';
  return e;
}

function text(s: string): string | undefined {
  const t = s.trim();
  return t ? t : undefined;
}

/** The body for POST /tadpole/alerts; call only when `validateDraft` found nothing. */
export function draftToBody(d: AlertDraft, idempotencyKey: string): CreateAlertBody {
  if (!d.place || !d.ageBand) throw new Error('draft is not valid');
  const guardian = {
    ...(text(d.guardianName) ? { name: text(d.guardianName) } : {}),
    ...(text(d.guardianPhone) ? { phone: text(d.guardianPhone) } : {}),
  };
  const data = {
    ...(text(d.childName) ? { childName: text(d.childName) } : {}),
    ...(Object.keys(guardian).length ? { guardian } : {}),
    ...(text(d.school) ? { school: text(d.school) } : {}),
    ...(text(d.idNumber) ? { idNumber: text(d.idNumber) } : {}),
    ...(text(d.caseNotes) ? { notes: text(d.caseNotes) } : {}),
  };
  const body: CreateAlertBody = {
    kind: d.kind,
    ageBand: d.ageBand,
    sex: d.sex,
    point: { lon: d.place.lon, lat: d.place.lat, datum: d.place.datum },
    seenAt: new Date(Date.parse(d.seenAt)).toISOString(),
    contactPhone: d.contactPhone.trim(),
    caseFile: {
      data,
      lawfulBasis: d.lawfulBasis,
      ...(d.kind === 'lost_child' ? { guardianConsent: d.guardianConsent } : {}),
    },
    idempotencyKey,
  };
  if (text(d.heightCm)) body.heightCm = Number(d.heightCm.trim());
  if (text(d.clothing)) body.clothing = text(d.clothing);
  if (text(d.publicNote)) body.publicNote = text(d.publicNote);
  if (text(d.placeText)) body.placeText = text(d.placeText);
  return body;
}
