import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Database } from '@lookout/db';
import type { Config } from '../config.ts';
import { createRouter } from '../http/router.ts';
import { createAssignmentsRepo } from '../assignments/assignments.repo.ts';
import { assignmentsRoutes } from '../assignments/assignments.routes.ts';
import { createAssignmentsService, type AssignmentsService } from '../assignments/assignments.service.ts';
import { createCallerLocationsRepo } from '../caller-locations/caller-locations.repo.ts';
import { amlRoutes, callerLocationsRoutes } from '../caller-locations/caller-locations.routes.ts';
import {
  createCallerLocationsService,
  type CallerLocationsService,
} from '../caller-locations/caller-locations.service.ts';
import { callerPageRoutes, defaultCallerPageFile } from '../location-links/caller-page.ts';
import { createLocationLinksRepo } from '../location-links/location-links.repo.ts';
import { locationLinksRoutes, publicLocateRoutes } from '../location-links/location-links.routes.ts';
import {
  createLocationLinksService,
  type LocateLimits,
  type LocationLinksService,
} from '../location-links/location-links.service.ts';
import { createMatchingRepo } from '../matching/matching.repo.ts';
import { createMatchingService, type MatchingService } from '../matching/matching.service.ts';
import type { ChannelAdapter } from '../notify/channels/channel.ts';
import { createTeamLinksRepo } from '../team-links/team-links.repo.ts';
import { publicTeamRoutes, teamLinksRoutes } from '../team-links/team-links.routes.ts';
import {
  createTeamLinksService,
  type TeamLinkLimits,
  type TeamLinksService,
} from '../team-links/team-links.service.ts';
import { defaultTeamPageFile, teamPageRoutes } from '../team-links/team-page.ts';
import { createUnitsRepo } from '../units/units.repo.ts';
import { createUnitsService, type UnitsService } from '../units/units.service.ts';
import { caseLogRoutes } from '../case-log/case-log.routes.ts';
import { createCaseLogService } from '../case-log/case-log.service.ts';
import { createCaseMessagesRepo } from '../case-log/case-messages.repo.ts';
import { createCaseDronesRepo } from '../pilot/case-drones.repo.ts';
import { createMarkedSightingsRepo } from '../pilot/marked-sightings.repo.ts';
import { pilotRoutes } from '../pilot/pilot.routes.ts';
import { createPilotService, type PilotService } from '../pilot/pilot.service.ts';
import { rejectedCounter } from '../tadpole/tadpole-metrics.ts';
import { createSectorsRepo } from '../sectors/sectors.repo.ts';
import { sectorsRoutes } from '../sectors/sectors.routes.ts';
import { createSectorsService, type SectorsService } from '../sectors/sectors.service.ts';
import { createCaseAccess } from './case-access.ts';
import { createCasesRepo } from './cases.repo.ts';
import { casesRoutes } from './cases.routes.ts';
import { createCasesService, type CasesService } from './cases.service.ts';

export interface CaseModuleDeps {
  database: Database;
  config: Pick<Config, 'locationLinkTtlHours' | 'publicUrl' | 'amlServiceToken' | 'stationName' | 'photoMaxBytes'>;
  log: Logger;
  registry: Registry;
  /** The built caller page (default web/dist-caller/index.html). */
  callerPageFile?: string;
  locateLimits?: LocateLimits;
  /** The SMS gateway every SMS goes through (the tadpole senders' adapter): outside teams' guidance links. */
  sms: ChannelAdapter;
  /** The built outside team page (default web/dist-team/index.html), and its rate limits (tests). */
  teamPageFile?: string;
  teamLinkLimits?: TeamLinkLimits;
}

export interface CaseServices {
  cases: CasesService;
  callerLocations: CallerLocationsService;
  locationLinks: LocationLinksService;
  matching: MatchingService;
  assignments: AssignmentsService;
  units: UnitsService;
  teamLinks: TeamLinksService;
  pilot: PilotService;
  sectors: SectorsService;
}

function counter(registry: Registry, name: string, help: string): Counter<'scope'> {
  return (
    (registry.getSingleMetric(name) as Counter<'scope'> | undefined) ??
    new Counter({ name, help, labelNames: ['scope'] as const, registers: [registry] })
  );
}

/**
 * Finding the caller: cases, location links, caller locations, matching, units and dispatch, wired
 * once. `publicRoutes` go before the session check, `routes` behind it, `pageRoutes` outside /api/v1.
 */
export function createCaseModule(deps: CaseModuleDeps) {
  const { database, config, log } = deps;
  const casesRepo = createCasesRepo(database);
  // One case scope for every read and write of a case and what hangs off it.
  const caseDrones = createCaseDronesRepo(database);
  const access = createCaseAccess(casesRepo, caseDrones);
  const matching = createMatchingService(createMatchingRepo(database), access);
  const callerLocations = createCallerLocationsService({
    repo: createCallerLocationsRepo(database),
    cases: casesRepo,
    access,
    matching,
    log: log.child({ module: 'caller-locations' }),
  });
  const locationLinks = createLocationLinksService({
    repo: createLocationLinksRepo(database),
    access,
    callerLocations,
    ttlHours: config.locationLinkTtlHours,
    publicUrl: config.publicUrl,
    stationName: config.stationName,
    rateLimited: counter(
      deps.registry,
      'lookout_locate_rate_limited_total',
      'Caller-page location posts refused by the rate limit, per link or per address',
    ),
    ...(deps.locateLimits ? { limits: deps.locateLimits } : {}),
  });
  const assignmentsRepo = createAssignmentsRepo(database);
  const unitsRepo = createUnitsRepo(database);
  const units = createUnitsService({ repo: unitsRepo, assignments: assignmentsRepo, cases: casesRepo });
  // The links need the assignments (a team's steps) and the assignments issue links: the later one is looked up.
  const late: { assignments?: AssignmentsService } = {};
  const teamLinks = createTeamLinksService({
    repo: createTeamLinksRepo(database),
    access,
    units: unitsRepo,
    unitPositions: units,
    assignments: () => late.assignments!,
    sms: deps.sms,
    ttlHours: config.locationLinkTtlHours,
    publicUrl: config.publicUrl,
    stationName: config.stationName,
    rateLimited: counter(
      deps.registry,
      'lookout_team_link_rate_limited_total',
      'Outside team page requests refused by the rate limit, per link or per address',
    ),
    ...(deps.teamLinkLimits ? { limits: deps.teamLinkLimits } : {}),
  });
  const assignments = createAssignmentsService({
    repo: assignmentsRepo,
    access,
    units: unitsRepo,
    issueTeamLink: teamLinks.issue,
  });
  late.assignments = assignments;
  const cases = createCasesService({
    repo: casesRepo,
    access,
    callerLocations,
    matches: matching,
    assignments,
    drones: caseDrones,
  });
  const pilot = createPilotService({
    caseDrones,
    marked: createMarkedSightingsRepo(database),
    access,
    cases: casesRepo,
  });
  const sectors = createSectorsService({ repo: createSectorsRepo(database), access });
  const services: CaseServices = {
    cases,
    sectors,
    callerLocations,
    locationLinks,
    matching,
    assignments,
    units,
    teamLinks,
    pilot,
  };

  const publicRoutes = createRouter();
  publicRoutes.use(publicLocateRoutes(locationLinks));
  publicRoutes.use(publicTeamRoutes(teamLinks));
  publicRoutes.use(amlRoutes(callerLocations, config.amlServiceToken));
  const routes = createRouter();
  routes.use(casesRoutes(cases, matching));
  routes.use(callerLocationsRoutes(callerLocations));
  routes.use(locationLinksRoutes(locationLinks));
  routes.use(assignmentsRoutes(assignments, units));
  routes.use(teamLinksRoutes(teamLinks));
  const rejected = rejectedCounter(deps.registry);
  routes.use(pilotRoutes(pilot, config.photoMaxBytes, rejected));
  const caseLog = createCaseLogService({ repo: createCaseMessagesRepo(database), access });
  routes.use(caseLogRoutes(caseLog, config.photoMaxBytes, rejected));
  routes.use(sectorsRoutes(sectors));
  const pageRoutes = createRouter();
  pageRoutes.use(callerPageRoutes(locationLinks, deps.callerPageFile ?? defaultCallerPageFile, log));
  pageRoutes.use(teamPageRoutes(deps.teamPageFile ?? defaultTeamPageFile));
  return { services, publicRoutes, routes, pageRoutes };
}
