import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  geometry,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from './columns.ts';
import { cases } from './cases.ts';
import { users } from './users.ts';
import { alertKinds, alertStatuses, capMsgTypes, channels, deliveryStatuses, sexes } from '@lookout/contracts';

export {
  channels,
  type Channel,
  alertKinds,
  type AlertKind,
  alertStatuses,
  type AlertStatus,
  capMsgTypes,
  type CapMsgType,
  deliveryStatuses,
  type DeliveryStatus,
} from '@lookout/contracts';

/** Any geometry in WGS-84: a 网格 polygon or multipolygon (a circle is stored as its buffered polygon). */
const area = customType<{ data: string; driverData: string }>({ dataType: () => 'geometry(Geometry,4326)' });

/** A place alerts are delivered to: a robot, an SMS roster, or a personal WeChat group. */
export const communityGroups = pgTable(
  'community_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    channel: text('channel', { enum: channels }).notNull(),
    /** 网格 name or code, for the coverage view. */
    gridName: text('grid_name'),
    memberCount: integer('member_count').notNull().default(0),
    area: area('area').notNull(),
    /**
     * The channel's secrets (webhook URL/key, signing secret, roster phone numbers) as AES-256-GCM ciphertext
     * (server/src/tadpole/secret-box.ts). Never returned by the API.
     */
    credentialsEnc: text('credentials_enc'),
    /** The liaison who forwards by hand (forward kit) or answers for the group. */
    liaisonId: uuid('liaison_id').references(() => users.id),
    /** The police officer who answers for the group beside the liaison (the station's contact for its 网格). */
    officerId: uuid('officer_id').references(() => users.id),
    disabled: boolean('disabled').notNull().default(false),
    /**
     * The last test message: when it was asked for (also the per-group rate limit, so it holds across servers),
     * whether the vendor took it, the vendor's code and message. Null until the first test.
     */
    lastTestAt: timestamp('last_test_at', { withTimezone: true }),
    lastTestOk: boolean('last_test_ok'),
    lastTestCode: integer('last_test_code'),
    lastTestError: text('last_test_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Group selection: ST_Intersects(broadcast area, group area).
    index('community_groups_area_idx').using('gist', t.area),
    check('community_groups_channel_check', sql`${t.channel} in ('wecom','dingtalk','feishu','sms','forward_kit')`),
    check('community_groups_members_check', sql`${t.memberCount} >= 0`),
  ],
);

/**
 * One tadpole alert of a case: the public card lives here, the case file in `alert_case_files`.
 * The CAP messages sent for it (Alert, Updates, Cancel) are `cap_messages`.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: alertKinds }).notNull(),
    status: text('status', { enum: alertStatuses }).notNull().default('draft'),
    // The public card: the minimum needed to recognise the child (data minimisation for children's data).
    ageBand: text('age_band').notNull(),
    sex: text('sex', { enum: sexes }).notNull().default('unknown'),
    heightCm: integer('height_cm'),
    clothing: text('clothing'),
    publicNote: text('public_note'),
    placeText: text('place_text'),
    /** Where the child is now (派出所值班室, 社区服务站 …): staff only, never on the public card. */
    careLocation: text('care_location'),
    /** Last seen (lost) or found (found) point: the broadcast area's centre. */
    point: geometry('point', { type: 'point', mode: 'xy', srid: 4326 }).notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
    contactPhone: text('contact_phone').notNull(),
    /** The public card's URL carries a random token; this is its SHA-256. */
    publicTokenHash: text('public_token_hash').notNull().unique(),
    /** Broadcast area cap (m); the area grows from the ISRID ring with time up to this. */
    maxRadiusM: real('max_radius_m').notNull().default(5000),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verifiedBy: uuid('verified_by').references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** After the retraction: the card is blurred at once and purged at `purgeAfter`. */
    blurredAt: timestamp('blurred_at', { withTimezone: true }),
    purgeAfter: timestamp('purge_after', { withTimezone: true }),
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('alerts_case_idx').on(t.caseId),
    index('alerts_purge_idx').on(t.purgeAfter),
    check('alerts_kind_check', sql`${t.kind} in ('lost_child','found_child')`),
  ],
);

/** Staff-only tier: names, guardian, school, ID. Every read is audited; purged after the retention period. */
export const alertCaseFiles = pgTable('alert_case_files', {
  alertId: uuid('alert_id')
    .primaryKey()
    .references(() => alerts.id),
  data: jsonb('data').notNull().default({}),
  /** PIPL Art. 13/35 basis, and whether a guardian consented (Art. 31). */
  lawfulBasis: text('lawful_basis').notNull().default('vital_interest'),
  guardianConsent: boolean('guardian_consent'),
  purgeAfter: timestamp('purge_after', { withTimezone: true }),
  purgedAt: timestamp('purged_at', { withTimezone: true }),
});

/** One CAP 1.2 message of an alert; Update and Cancel reference the earlier ones. */
export const capMessages = pgTable(
  'cap_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    msgType: text('msg_type', { enum: capMsgTypes }).notNull(),
    identifier: text('identifier').notNull().unique(),
    sent: timestamp('sent', { withTimezone: true }).notNull().defaultNow(),
    /** CAP `references`: space-separated "sender,identifier,sent" triplets. */
    references: text('references'),
    headline: text('headline').notNull(),
    description: text('description').notNull(),
    /** The notified area when this message went out (CAP `area`). */
    area: area('area').notNull(),
    radiusM: real('radius_m').notNull(),
    expires: timestamp('expires', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('cap_messages_alert_idx').on(t.alertId, t.sent)],
);

/**
 * The delivery queue: one CAP message to one group. It lives in the database so that no
 * delivery is lost across a restart; workers claim rows with FOR UPDATE SKIP LOCKED and a lease.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    liveSeq: bigint('live_seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('live_seq')`),
    capMessageId: bigint('cap_message_id', { mode: 'number' })
      .notNull()
      .references(() => capMessages.id),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    groupId: uuid('group_id')
      .notNull()
      .references(() => communityGroups.id),
    /** Lower goes first: 0 Alert, 1 Cancel, 2 Update (new alerts ahead of updates). */
    priority: integer('priority').notNull(),
    status: text('status', { enum: deliveryStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A worker's claim; a 'sending' row whose lease ran out was interrupted by a crash. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    addedBy: text('added_by', { enum: ['area', 'manual'] })
      .notNull()
      .default('area'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('deliveries_message_group_uq').on(t.capMessageId, t.groupId),
    // The worker's claim: due rows in priority order.
    index('deliveries_due_idx')
      .on(t.priority, t.nextAttemptAt)
      .where(sql`status in ('queued','sending')`),
    index('deliveries_alert_idx').on(t.alertId),
    index('deliveries_live_seq_idx').on(t.liveSeq),
  ],
);

/** Every attempt of a delivery, for the record and the clocks. */
export const deliveryAttempts = pgTable(
  'delivery_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => deliveries.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    ok: boolean('ok').notNull(),
    httpStatus: integer('http_status'),
    /** The vendor's own error code (WeCom/DingTalk errcode, Feishu code). */
    vendorCode: integer('vendor_code'),
    error: text('error'),
    durationMs: real('duration_ms'),
  },
  (t) => [index('delivery_attempts_delivery_idx').on(t.deliveryId)],
);

/** Photos of alerts and tips: EXIF stripped on upload, served only through `photo_links`. */
export const photos = pgTable(
  'photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    mime: text('mime').notNull(),
    bytes: bytea('bytes'),
    width: integer('width'),
    height: integer('height'),
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    purgedAt: timestamp('purged_at', { withTimezone: true }),
  },
  (t) => [index('photos_alert_idx').on(t.alertId)],
);

/** An expiring, revocable link to a photo; the URL carries a token, the table its SHA-256. */
export const photoLinks = pgTable(
  'photo_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('photo_links_photo_idx').on(t.photoId)],
);

/** A report back from the public, taken without an account. */
export const tips = pgTable(
  'tips',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    liveSeq: bigint('live_seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('live_seq')`),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
    point: geometry('point', { type: 'point', mode: 'xy', srid: 4326 }),
    accuracyM: real('accuracy_m'),
    text: text('text').notNull(),
    phone: text('phone'),
    photoId: uuid('photo_id').references(() => photos.id),
    useful: boolean('useful'),
    markedBy: uuid('marked_by').references(() => users.id),
    markedAt: timestamp('marked_at', { withTimezone: true }),
    /** SHA-256 of the sender's address (rate limiting, abuse), not the address. */
    senderHash: text('sender_hash'),
    idempotencyKey: text('idempotency_key'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tips_idem_uq').on(t.alertId, t.idempotencyKey),
    index('tips_alert_idx').on(t.alertId, t.receivedAt),
    index('tips_point_idx').using('gist', t.point),
    index('tips_live_seq_idx').on(t.liveSeq),
  ],
);

/** Anonymised metrics kept after a case file is purged (data minimisation for children's data). */
export const alertOutcomes = pgTable('alert_outcomes', {
  alertId: uuid('alert_id').primaryKey(),
  kind: text('kind', { enum: alertKinds }).notNull(),
  ageBand: text('age_band').notNull(),
  distanceFoundM: real('distance_found_m'),
  /** Step → ISO time, the case clocks (docs/architecture.md). */
  steps: jsonb('steps').notNull().default({}),
  groups: integer('groups').notNull().default(0),
  reach: integer('reach').notNull().default(0),
  tips: integer('tips').notNull().default(0),
  usefulTips: integer('useful_tips').notNull().default(0),
  closedAt: timestamp('closed_at', { withTimezone: true }),
});

/** Who did or read what, when, from where (case files, phone numbers, every write). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    remoteAddr: text('remote_addr'),
    detail: jsonb('detail').notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_target_idx').on(t.targetType, t.targetId)],
);
