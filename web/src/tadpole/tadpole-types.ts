/** Wire types of docs/tadpole-api.md (the server validates; the client trusts the shapes it documents). */
import type {
  AgeBand,
  AlertKind,
  AlertStatus,
  CapMsgType,
  Channel,
  Datum,
  DeliveryStatus,
  LawfulBasis,
  Sex,
  VerificationMethod,
} from '@lookout/contracts';

export type { AgeBand, AlertKind, AlertStatus, Channel, DeliveryStatus, LawfulBasis, Sex, VerificationMethod };

export interface LonLat {
  lon: number;
  lat: number;
}

export interface Alert {
  id: string;
  caseId: string;
  kind: AlertKind;
  status: AlertStatus;
  ageBand: AgeBand;
  sex: Sex;
  heightCm: number | null;
  clothing: string | null;
  publicNote: string | null;
  placeText: string | null;
  point: LonLat;
  seenAt: string;
  contactPhone: string;
  maxRadiusM: number;
  expiresAt: string;
  verifiedAt: string | null;
  verifiedBy: string | null;
  createdBy: string | null;
  createdAt: string;
  retractedAt: string | null;
  purgeAfter: string | null;
  purgedAt: string | null;
  hasPhoto: boolean;
  /** The card photo for staff (the staff photo route), so a draft is checked with its photo. */
  photoId: string | null;
  radiusM: number;
  sentRadiusM: number | null;
  /** When the widening pass next widens the sent area, and about how far (null: draft, over, or at the cap). */
  nextWiden: { at: string; radiusM: number } | null;
}

export interface CaseFileData {
  childName?: string;
  guardian?: { name?: string; phone?: string; relation?: string };
  school?: string;
  idNumber?: string;
  notes?: string;
}

export interface CreateAlertBody {
  kind: AlertKind;
  ageBand: AgeBand;
  sex: Sex;
  heightCm?: number;
  clothing?: string;
  publicNote?: string;
  placeText?: string;
  point: LonLat & { datum: Datum };
  seenAt: string;
  contactPhone: string;
  caseFile?: { data: CaseFileData; lawfulBasis: LawfulBasis; guardianConsent?: boolean };
  idempotencyKey?: string;
}

export interface CapMessageRow {
  id: number;
  msgType: CapMsgType;
  identifier: string;
  sent: string;
  references: string | null;
  headline: string;
  radiusM: number;
  expires: string;
}

export const DELIVERY_STATUSES: DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'acknowledged'];

export interface DeliverySummary {
  groups: number;
  reach: number;
  /** Groups by the state their row shows (newest delivery; `to_forward`: a kit waiting for 已转发). */
  byStatus: Partial<Record<DeliveryStatus | 'to_forward', number>>;
  firstSentAt: string | null;
}

export interface Tip {
  id: number;
  seq: number;
  seenAt: string;
  receivedAt: string;
  location: (LonLat & { accuracyM: number | null }) | null;
  text: string | null;
  phone: string | null;
  photoId: number | string | null;
  useful: boolean | null;
  markedBy: string | null;
  markedAt: string | null;
}

export interface Cluster {
  id: number | string;
  center: LonLat;
  tipIds: number[];
  count: number;
  usefulCount: number;
}

export interface TimelineStep {
  step: string;
  at: string | null;
  sinceReportS: number | null;
}

export interface Timeline {
  steps: TimelineStep[];
  groups: { groupId: string; name: string; deliveredAt: string | null; acknowledgedAt: string | null }[];
}

export interface GuardianVerification {
  at: string;
  by: string;
  methods: VerificationMethod[];
}

export interface AlertDetail {
  alert: Alert;
  publicUrl: string;
  area: GeoJSON.Polygon | GeoJSON.MultiPolygon | null;
  capMessages: CapMessageRow[];
  deliveries: DeliverySummary;
  tips: Tip[];
  clusters: Cluster[];
  timeline: Timeline;
  guardianVerification: GuardianVerification | null;
  /** The liaison asked the police to retract (a `retraction_requested` case event). */
  retractionRequest?: RetractionRequest | null;
}

export interface RetractionRequest {
  at: string;
  by: { id: string | null; displayName: string | null };
  note: string | null;
}

export interface Group {
  id: string;
  name: string;
  channel: Channel;
  gridName: string | null;
  memberCount: number;
  area: GeoJSON.Polygon | GeoJSON.MultiPolygon | null;
  disabled?: boolean;
}

/** One delivery row of an alert as the delivery module lists it. */
export interface Delivery {
  id: number;
  groupId: string;
  groupName: string;
  channel: Channel;
  memberCount: number;
  msgType: CapMsgType;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** The newest attempt's note or error (e.g. "SMS sink, not sent"). */
  lastAttemptNote?: string | null;
  gridName?: string | null;
  liaisonId?: string | null;
  addedBy: 'area' | 'manual';
  sentAt: string | null;
  acknowledgedAt: string | null;
}

/** GET /tadpole/deliveries/:id/kit → `{kit}`. */
export interface ForwardKit {
  deliveryId: number;
  msgType: CapMsgType;
  text: string;
  /** The public card's link to paste, and its QR code as SVG. */
  link: string | null;
  qrSvg: string | null;
  /** "Save image": an expiring photo link (absent for a Cancel). */
  imageUrl: string | null;
  groupName: string;
  channel: Channel;
}
