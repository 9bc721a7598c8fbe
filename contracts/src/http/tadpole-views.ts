import { z } from 'zod';
import {
  ageBands,
  alertKinds,
  alertStatuses,
  capMsgTypes,
  channels,
  deliveryStatuses,
  sexes,
  verificationMethods,
} from '../enums.ts';
import { geometry, lonLat } from '../geojson.ts';

/**
 * What the tadpole (child alert) routes answer: alerts, their CAP messages, tips, deliveries, groups and clocks,
 * as staff and the public card see them.
 */

/** A tadpole alert as staff see it. */
export const alert = z
  .object({
    id: z.string(),
    caseId: z.string(),
    kind: z.enum(alertKinds),
    status: z.enum(alertStatuses),
    ageBand: z.enum(ageBands),
    sex: z.enum(sexes),
    heightCm: z.number().nullable(),
    clothing: z.string().nullable(),
    publicNote: z.string().nullable(),
    placeText: z.string().nullable(),
    /** Where the child is now (staff only, never on the public card). */
    careLocation: z.string().nullable(),
    point: lonLat,
    seenAt: z.string(),
    contactPhone: z.string(),
    maxRadiusM: z.number(),
    expiresAt: z.string(),
    verifiedAt: z.string().nullable(),
    verifiedBy: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    retractedAt: z.string().nullable(),
    purgeAfter: z.string().nullable(),
    purgedAt: z.string().nullable(),
    hasPhoto: z.boolean(),
    /** The card photo for staff (the staff photo route), so a draft is checked with its photo. */
    photoId: z.string().nullable(),
    radiusM: z.number(),
    sentRadiusM: z.number().nullable(),
    /** When the widening pass next widens the sent area, and about how far (null: draft, over, or at the cap). */
    nextWiden: z.object({ at: z.string(), radiusM: z.number() }).nullable(),
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof alert>;

const polygon = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))),
});

/** A CAP message of an alert as the detail lists it. */
export const capMessageRow = z
  .object({
    id: z.number(),
    alertId: z.string(),
    msgType: z.enum(capMsgTypes),
    identifier: z.string(),
    sent: z.string(),
    references: z.string().nullable(),
    headline: z.string(),
    radiusM: z.number(),
    expires: z.string(),
  })
  .meta({ id: 'CapMessageRow' });
export type CapMessageRow = z.infer<typeof capMessageRow>;
/** A CAP message just issued, with its text and area. */
export const capMessage = capMessageRow.extend({ description: z.string(), area: polygon });
export type CapMessage = z.infer<typeof capMessage>;

/** POST /tadpole/alerts. */
export const createdAlert = z.object({ alert, publicUrl: z.string() });
/** GET /tadpole/alerts. */
export const alertListResponse = z.object({ alerts: z.array(alert) });
/** PATCH, verify, retract: the alert, the CAP message it issued (if any) and the deliveries queued for it. */
export const alertChange = z.object({ alert, capMessage: capMessage.nullable(), queued: z.number() });
export const alertResponse = z.object({ alert });
/** POST /tadpole/alerts/:id/found: with how far from the last-seen point. */
export const foundResponse = z.object({ alert, distanceM: z.number() });
/** POST /tadpole/alerts/:id/on-scene: the step's time, and whether an earlier tap had set it. */
export const onSceneResponse = z.object({ alert, onSceneAt: z.string(), alreadyOnScene: z.boolean() });
/** POST /tadpole/alerts/:id/photos. */
export const alertPhotoUploaded = z.object({
  photo: z.object({ id: z.string(), width: z.number(), height: z.number(), bytes: z.number() }),
});
export const queuedResponse = z.object({ queued: z.number() });
export const droppedResponse = z.object({ dropped: z.number() });

/** GET/PATCH /tadpole/alerts/:id/case-file: the sealed case file (its `data` is the liaison's form). */
export const caseFileResponse = z.object({
  caseFile: z.object({
    data: z.record(z.string(), z.unknown()),
    lawfulBasis: z.string(),
    guardianConsent: z.boolean().nullable(),
    purgeAfter: z.string().nullable(),
    purgedAt: z.string().nullable(),
  }),
});

/** A tip from the public card. */
export const tip = z
  .object({
    id: z.number(),
    seq: z.number(),
    alertId: z.string(),
    seenAt: z.string(),
    receivedAt: z.string(),
    location: z.object({ lon: z.number(), lat: z.number(), accuracyM: z.number().nullable() }).nullable(),
    text: z.string().nullable(),
    phone: z.string().nullable(),
    photoId: z.string().nullable(),
    useful: z.boolean().nullable(),
    markedBy: z.string().nullable(),
    markedAt: z.string().nullable(),
  })
  .meta({ id: 'Tip' });
export type Tip = z.infer<typeof tip>;

/** Tips close in place and time, drawn as one marker. */
export const tipCluster = z.object({
  id: z.number(),
  center: lonLat,
  tipIds: z.array(z.number()),
  count: z.number(),
  usefulCount: z.number(),
});
export type TipCluster = z.infer<typeof tipCluster>;

/** GET /tadpole/alerts/:id/tips. */
export const tipsResponse = z.object({ tips: z.array(tip), clusters: z.array(tipCluster) });
/** POST /tadpole/tips/:id/mark. */
export const markedTip = z.object({ tip });

const actor = z.object({ id: z.string().nullable(), displayName: z.string().nullable() });

export const guardianVerification = z.object({
  at: z.string(),
  by: actor,
  methods: z.array(z.enum(verificationMethods)),
  relation: z.string().nullable().optional(),
});
export type GuardianVerification = z.infer<typeof guardianVerification>;
export const guardianVerificationResponse = z.object({ verification: guardianVerification });

/** The liaison asked the police to retract (a `retraction_requested` case event). */
export const retractionRequest = z.object({ at: z.string(), by: actor, note: z.string().nullable() });
export type RetractionRequest = z.infer<typeof retractionRequest>;
export const retractionRequestResponse = z.object({ retractionRequest, alreadyRequested: z.boolean() });

export const alertTimelineSteps = [
  'reported',
  'on_scene',
  'first_broadcast',
  'first_tip',
  'first_useful_tip',
  'found',
  'verified',
  'handover',
  'retraction_sent',
  'purged',
] as const;

/** GET /tadpole/alerts/:id/clocks: each step's time since the report, and each group's delivery. */
export const alertTimeline = z.object({
  steps: z.array(
    z.object({ step: z.enum(alertTimelineSteps), at: z.string().nullable(), sinceReportS: z.number().nullable() }),
  ),
  groups: z.array(
    z.object({
      groupId: z.string(),
      name: z.string(),
      gridName: z.string().nullable(),
      memberCount: z.number(),
      deliveredAt: z.string().nullable(),
      acknowledgedAt: z.string().nullable(),
    }),
  ),
});
export type Timeline = z.infer<typeof alertTimeline>;
export type TimelineStep = Timeline['steps'][number];

/** GET /tadpole/clocks: one month's alerts against their intervals. */
export const tadpoleMonthly = z.object({
  month: z.string(),
  station: z.string(),
  alerts: z.number(),
  intervals: z.array(
    z.object({
      key: z.string(),
      from: z.string(),
      to: z.string(),
      n: z.number(),
      medianS: z.number().nullable(),
      p90S: z.number().nullable(),
    }),
  ),
  reach: z.object({ median: z.number().nullable(), total: z.number() }),
  tipsPerAlert: z.number().nullable(),
  usefulTipShare: z.number().nullable(),
});

const statusCounts = z.object(
  Object.fromEntries(deliveryStatuses.map((s) => [s, z.number()])) as Record<
    (typeof deliveryStatuses)[number],
    z.ZodNumber
  >,
);

/** An alert's deliveries in figures. */
export const deliverySummary = z
  .object({
    /** SMS goes to a file, not to phones (no gateway configured). */
    smsSink: z.boolean(),
    groups: z.number(),
    reach: z.number(),
    /** Groups by the state their row shows (newest delivery; `to_forward`: a kit waiting for 已转发). */
    byStatus: statusCounts.extend({ to_forward: z.number() }),
    byMsgType: z.partialRecord(z.enum(capMsgTypes), statusCounts),
    firstSentAt: z.string().nullable(),
    lastSentAt: z.string().nullable(),
  })
  .meta({ id: 'DeliverySummary' });
export type DeliverySummary = z.infer<typeof deliverySummary>;

/** One delivery of a CAP message to one group. */
export const delivery = z
  .object({
    id: z.number(),
    seq: z.number(),
    alertId: z.string(),
    capMessageId: z.number(),
    msgType: z.enum(capMsgTypes),
    groupId: z.string(),
    groupName: z.string(),
    channel: z.enum(channels),
    gridName: z.string().nullable(),
    memberCount: z.number(),
    liaisonId: z.string().nullable(),
    priority: z.number(),
    status: z.enum(deliveryStatuses),
    attempts: z.number(),
    /** When the worker next tries (or tried) it. */
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    /** The newest attempt's note or error (e.g. "SMS sink, not sent"). */
    lastAttemptNote: z.string().nullable(),
    addedBy: z.enum(['area', 'manual']),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
  })
  .meta({ id: 'Delivery' });
export type Delivery = z.infer<typeof delivery>;

/** GET /tadpole/deliveries?alertId=. */
export const deliveriesResponse = z.object({ summary: deliverySummary, deliveries: z.array(delivery) });
/** Acknowledge, retry. */
export const deliveryResponse = z.object({ delivery });

/** What a liaison forwards by hand to a group the server cannot post to. */
export const forwardKit = z.object({
  deliveryId: z.number(),
  msgType: z.enum(capMsgTypes),
  text: z.string(),
  /** The public card: the short link to paste, and its QR code (SVG) for a poster or a screenshot. */
  link: z.string().nullable(),
  qrSvg: z.string().nullable(),
  /** "Save image": an expiring photo link (absent for a Cancel). */
  imageUrl: z.string().nullable(),
  groupName: z.string(),
  channel: z.enum(channels),
});
export type ForwardKit = z.infer<typeof forwardKit>;
export const forwardKitResponse = z.object({ kit: forwardKit });

/** GET /tadpole/alerts/:id: everything the alert page shows. */
export const alertDetail = z.object({
  alert,
  publicUrl: z.string(),
  area: geometry.nullable(),
  capMessages: z.array(capMessageRow),
  deliveries: deliverySummary,
  tips: z.array(tip),
  clusters: z.array(tipCluster),
  timeline: alertTimeline,
  guardianVerification: guardianVerification.nullable(),
  retractionRequest: retractionRequest.nullable(),
});
export type AlertDetail = z.infer<typeof alertDetail>;

/** A community group (网格群) as liaisons and commanders see it; credentials only as a hint. */
export const group = z
  .object({
    id: z.string(),
    name: z.string(),
    channel: z.enum(channels),
    gridName: z.string().nullable(),
    memberCount: z.number(),
    area: geometry.nullable(),
    liaisonId: z.string().nullable(),
    liaisonName: z.string().nullable(),
    officerId: z.string().nullable(),
    officerName: z.string().nullable(),
    disabled: z.boolean(),
    hasCredentials: z.boolean(),
    credentialsHint: z.string().nullable(),
    /** The last test message and what the vendor answered; null before the first. */
    lastTest: z
      .object({
        at: z.string(),
        ok: z.boolean().nullable(),
        vendorCode: z.number().nullable(),
        error: z.string().nullable(),
      })
      .nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Group' });
export type Group = z.infer<typeof group>;
export const groupListResponse = z.object({ groups: z.array(group) });

/** GET /public/alerts/:token: the card, or only its notice once the alert is retracted. */
export const publicCardResponse = z.object({
  card: z.union([
    z.object({
      kind: z.enum(alertKinds),
      status: z.enum(alertStatuses),
      retracted: z.literal(true),
      retractedAt: z.string(),
      notice: z.string(),
      acceptingTips: z.boolean(),
    }),
    alert
      .pick({
        kind: true,
        status: true,
        ageBand: true,
        sex: true,
        heightCm: true,
        clothing: true,
        publicNote: true,
        placeText: true,
        point: true,
        seenAt: true,
        contactPhone: true,
        expiresAt: true,
      })
      .extend({
        retracted: z.literal(false),
        ageText: z.string(),
        stationName: z.string(),
        photoUrl: z.string().nullable(),
        acceptingTips: z.boolean(),
      }),
  ]),
});
export type PublicCardResponse = z.infer<typeof publicCardResponse>;

/** POST /public/alerts/:token/tips (201 new, 200 the same tip again): where its photo may go. */
export const tipPosted = z.object({
  tip: z.object({ id: z.number(), receivedAt: z.string() }),
  photoUpload: z.object({ url: z.string(), token: z.string(), maxBytes: z.number() }),
});
/** PUT /public/alerts/:token/tips/:tipId/photo. */
export const tipPhotoUploaded = z.object({
  photo: z.object({ id: z.string(), width: z.number(), height: z.number() }),
});
