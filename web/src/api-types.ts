/** Wire types of docs/api.md: every shape is declared once, in @lookout/contracts; these are the web app's names. */
export type {
  AppConfig,
  BasemapConfig,
  Drone,
  FeatureCollection,
  LatestFix as Fix,
  Position,
  Role,
  ServerMessage as LiveMessage,
  SessionUser as User,
  SightingFeature,
  SightingProps,
  TrackFeature,
} from '@lookout/contracts';
