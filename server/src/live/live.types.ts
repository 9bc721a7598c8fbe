import type { CaseFeedEvent, Position, SightingFeature, UnitPosition } from '@lookout/contracts';

export type { CaseFeedEvent, Position, ServerMessage, UnitPosition } from '@lookout/contracts';

/** A sighting as it now stands; `seq` is its current `live_seq`. */
export interface SightingEvent {
  seq: number;
  sighting: SightingFeature;
}

/** One row of the case feed: one or two messages under one seq (a dispatch step also carries its assignment). */
export interface CaseFeedItem {
  seq: number;
  /** Caller locations and matches: not for liaisons. */
  staffOnly: boolean;
  events: CaseFeedEvent[];
}

/** What the hub hands its subscribers after each read of the database. */
export interface LiveBatch {
  positions: Position[];
  events: SightingEvent[];
  /** Case events, caller locations, matches (never dropped) and unit positions (coalesced). */
  caseItems?: CaseFeedItem[];
  unitPositions?: UnitPosition[];
  /** Cases whose coverage grew (announced, not read: no seq of their own). */
  coverage?: string[];
  /** Everything up to here has been read (apart from late commits still in the hole list). */
  cursor: number;
}
