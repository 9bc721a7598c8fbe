/**
 * Every value set that crosses a process boundary or names a database enum, declared once. The database's
 * columns (db/src/schema), the server's validation, the bridge's decoders and the web app all take them from here.
 */

/** Who a user is; each role's rights are in docs/permissions.md (generated from the routes). */
export const roles = ['pilot', 'officer', 'liaison', 'commander', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * Whether a user holds any of these roles. Ask through this, never by reading one role: a user's roles are a set
 * (an officer who is also the duty commander of a small station), and what he may do is their union.
 */
export const hasRole = (user: { roles: readonly Role[] }, ...wanted: readonly Role[]): boolean =>
  wanted.some((r) => user.roles.includes(r));

/** A role set as stored and compared: no repeats, in the order of `roles`. */
export const canonicalRoles = (set: Iterable<Role>): Role[] => {
  const held = new Set(set);
  return roles.filter((r) => held.has(r));
};

/** The datum of a coordinate a person supplies; the server converts to WGS-84 on the way in. */
export const datums = ['wgs84', 'gcj02', 'bd09'] as const;
export type Datum = (typeof datums)[number];

/** What a named place of the station's gazetteer is (places import, place search). */
export const placeKinds = [
  'peak',
  'reservoir',
  'river',
  'village',
  'road',
  'trailhead',
  'post',
  'landmark',
  'other',
] as const;
export type PlaceKind = (typeof placeKinds)[number];

export const caseKinds = ['lost_person', 'lost_child', 'found_child'] as const;
export type CaseKind = (typeof caseKinds)[number];

export const caseStatuses = ['open', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** A list filter over open and closed records (cases, alerts). */
export const statusFilters = ['open', 'closed', 'all'] as const;
export type StatusFilter = (typeof statusFilters)[number];

/** How a case ended. */
export const caseOutcomes = ['found_safe', 'found_injured', 'found_dead', 'not_found', 'false_alarm', 'other'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/** Where a case stands, read from its event log (server/src/cases/case-step.ts). */
export const caseSteps = ['reported', 'acknowledged', 'dispatched', 'on_scene', 'found', 'closed'] as const;
export type CaseStep = (typeof caseSteps)[number];

/** The steps the board's clocks run between (server/src/board/case-clocks.ts). */
export const boardSteps = [
  'reported',
  'acknowledged',
  'dispatched',
  'on_scene',
  'first_broadcast',
  'reunion',
  'closed',
] as const;
export type BoardStep = (typeof boardSteps)[number];

export const urgencies = ['breached', 'due_soon', 'ok'] as const;
export type Urgency = (typeof urgencies)[number];

/** Children by age band, as a tadpole alert and the ISRID tables know them. */
export const ageBands = ['child_1_3', 'child_4_6', 'child_7_9', 'child_10_12', 'child_13_15'] as const;
export type AgeBand = (typeof ageBands)[number];

/** ISRID subject categories (see server/src/search-planning); children by age band. */
export const subjectCategories = ['hiker', ...ageBands, 'dementia', 'autistic', 'other'] as const;
export type SubjectCategory = (typeof subjectCategories)[number];

/** ISRID terrain classes (server/src/search-planning/isrid-rings.data.json). */
export const terrains = ['temperate_mountain', 'temperate_flat', 'dry_mountain', 'dry_flat', 'dry', 'urban'] as const;
export type Terrain = (typeof terrains)[number];

export const sightingKinds = ['person', 'group', 'vehicle', 'object', 'other'] as const;
export type SightingKind = (typeof sightingKinds)[number];

export const sightingStatuses = ['new', 'confirmed', 'dismissed'] as const;
export type SightingStatus = (typeof sightingStatuses)[number];

/** Where a drone's telemetry comes from: Lookout v1 JSON over MQTT, the DJI Cloud API, or MAVLink over UDP. */
export const droneSources = ['lookout', 'dji', 'mavlink'] as const;
export type DroneSource = (typeof droneSources)[number];

export const callerLocationSources = ['link', 'aml', 'manual'] as const;
export type CallerLocationSource = (typeof callerLocationSources)[number];

export const matchStatuses = ['proposed', 'confirmed', 'rejected'] as const;
export type MatchStatus = (typeof matchStatuses)[number];

export const assignmentStatuses = ['dispatched', 'en_route', 'on_scene', 'found', 'stood_down'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

/** What a unit is sent to. */
export const targetKinds = ['match', 'sighting', 'caller_location', 'point'] as const;
export type TargetKind = (typeof targetKinds)[number];

/** What a dispatch did: a new assignment, a new target for the unit's one assignment, or nothing new. */
export const dispatchOutcomes = ['dispatched', 'retargeted', 'already_en_route'] as const;
export type DispatchOutcome = (typeof dispatchOutcomes)[number];

/** Tadpole notification channels. */
export const channels = ['wecom', 'dingtalk', 'feishu', 'sms', 'forward_kit'] as const;
export type Channel = (typeof channels)[number];

export const alertKinds = ['lost_child', 'found_child'] as const;
export type AlertKind = (typeof alertKinds)[number];

export const alertStatuses = ['draft', 'active', 'found', 'handed_over', 'cancelled'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** CAP 1.2 message types. */
export const capMsgTypes = ['Alert', 'Update', 'Cancel'] as const;
export type CapMsgType = (typeof capMsgTypes)[number];

export const deliveryStatuses = ['queued', 'sending', 'sent', 'failed', 'acknowledged'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const sexes = ['male', 'female', 'unknown'] as const;
export type Sex = (typeof sexes)[number];

/** The lawful basis for keeping a child's case file. */
export const lawfulBases = ['vital_interest', 'statutory_duty', 'consent'] as const;
export type LawfulBasis = (typeof lawfulBases)[number];

/** How a guardian was verified at a reunion. */
export const verificationMethods = ['id_checked', 'photo_match', 'liaison_confirms'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];

/** Why an alert was retracted. */
export const retractReasons = ['reunited', 'withdrawn'] as const;
export type RetractReason = (typeof retractReasons)[number];

/** A case's exports (GeoJSON, GPX, KML of its layers; CSV of its clocks). */
export const exportFormats = ['geojson', 'gpx', 'kml', 'timeline_csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * The live socket's own close codes: 4001 the session was revoked or expired, or the user disabled (back to the
 * login page); 4002 the role changed (read the user again and resume under the new role).
 */
export const CLOSE_SESSION_ENDED = 4001;
export const CLOSE_ROLE_CHANGED = 4002;
