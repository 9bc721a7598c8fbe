import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { placesImportBody } from '@lookout/contracts';
import { createLogger, DataDirLockedError, openDb, roles, type Role } from '@lookout/db';
import { rebindDjiDevice, writeMosquittoAuthFiles } from '@lookout/drone-bridge';
import { ConfigError, loadConfig } from './config.ts';
import { AppError } from './errors.ts';
import { BasemapBuildError, buildBasemap } from './basemap-build/build-basemap.ts';
import { createPlacesRepo } from './places/places.repo.ts';
import { createPlacesService } from './places/places.service.ts';
import { createUsersRepo } from './users/users.repo.ts';
import { createUsersService } from './users/users.service.ts';
import { buildTerrain, TerrainBuildError } from './terrain/terrain-build.ts';

const USAGE = `Usage: lookout <command>
  mosquitto-sync --password-file <file> --acl-file <file> [--bridge-user <name>] [--dji-dynsec]
      Write Mosquitto's password file (every enabled drone's $7$ hash plus the bridge user: MQTT_URL's
      user:password, or --bridge-user / MQTT_BRIDGE_USER with LOOKOUT_BRIDGE_MQTT_PASSWORD) and ACL file from the drones table, then send Mosquitto SIGHUP to reload them. --dji-dynsec: DJI pilots'
      topic rules are kept by the bridge in Mosquitto's dynamic-security plugin (MQTT_DYNSEC_USER), not in the ACL file.
  dji-rebind <serial> (--gateway <gateway serial> | --user <lookout username> | --free)
      An admin's rebinding of a DJI device: an aircraft moves to another gateway, a gateway to another pilot,
      or the binding is dropped so the next topology that names the device binds it. Then run mosquitto-sync
      (the embedded broker rereads bindings within 5 s).
  create-user <username> <role>[,<role>…] [--password <password>] [--display-name <name>]
      Roles: ${roles.join(', ')}; several, comma-separated, for one who does more than one job. Without --password a password is generated and printed once.
  import-places <file> [--source <name>] [--datum wgs84|gcj02|bd09] [--station <name>] [--skip-bad-rows]
      Import a gazetteer (.geojson/.json, or .csv with name,kind,lon,lat[,datum,alias,notes]) of named places. The
      source (default: the file name) names it: importing the same source again replaces its places. Bad rows are
      listed by number and nothing is imported, unless --skip-bad-rows.
  basemap build <area.osm.pbf|area.osm> [--name <name>]
      Build vector tiles of the station's area from an OpenStreetMap extract with tilemaker (apt-get install
      tilemaker; osmium-tool too for .osm XML) into LOOKOUT_DATA_DIR/basemap/<name>.mbtiles (default name: the
      input's), which the server then serves as the station's basemap (roads, paths, water, villages, peaks). The
      last line printed is the file's path.
  terrain build <dem.tif> [--name <name>] [--maxzoom <z>]
      Turn a DEM (GeoTIFF, heights in metres, any CRS) into terrain tiles for the map's hillshade and contour lines
      and the officers' climb, under LOOKOUT_DATA_DIR/basemap/terrain/<name>/ (default name: the file's). Needs
      GDAL (gdal-bin, python3-gdal). No-data holes are filled from around them, with a warning. Prints the folder
      last.
Environment: DATABASE_URL (else the embedded database under LOOKOUT_DATA_DIR), MQTT_URL.`;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    out(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const open = () => openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });

  if (command === 'mosquitto-sync') {
    const { values } = parseArgs({
      args: rest,
      options: {
        'password-file': { type: 'string' },
        'acl-file': { type: 'string' },
        'bridge-user': { type: 'string' },
        'dji-dynsec': { type: 'boolean' },
      },
    });
    const passwordFile = values['password-file'];
    const aclFile = values['acl-file'];
    if (!passwordFile || !aclFile) {
      out(USAGE);
      return 2;
    }
    const username = values['bridge-user'] ?? config.mqttBridgeUser?.username;
    const password = config.mqttBridgeUser?.password ?? config.bridgeMqttPassword;
    const bridgeUser = username && password ? { username, password } : undefined;
    if (!bridgeUser) {
      process.stderr.write(
        "mosquitto-sync needs the bridge's MQTT credentials: MQTT_URL=mqtt://user:password@host:port, or " +
          'MQTT_BRIDGE_USER (or --bridge-user) with LOOKOUT_BRIDGE_MQTT_PASSWORD\n',
      );
      return 2;
    }
    const database = await open();
    try {
      const { drones, djiPilots } = await writeMosquittoAuthFiles(database, {
        passwordFile,
        aclFile,
        bridgeUser,
        djiAccess: values['dji-dynsec'] ? 'dynsec' : 'acl-file',
      });
      out(
        `Wrote ${passwordFile} (${drones} drones, ${djiPilots} DJI pilots + the bridge user) and ${aclFile}. Reload Mosquitto (SIGHUP).`,
      );
      return 0;
    } finally {
      await database.close();
    }
  }

  if (command === 'dji-rebind') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { gateway: { type: 'string' }, user: { type: 'string' }, free: { type: 'boolean' } },
    });
    const [serial] = positionals;
    const chosen = [values.gateway !== undefined, values.user !== undefined, values.free === true].filter(Boolean);
    if (!serial || chosen.length !== 1) {
      out(USAGE);
      return 2;
    }
    const database = await open();
    try {
      let to: { gateway: string | null } | { userId: string | null };
      if (values.gateway !== undefined) to = { gateway: values.gateway };
      else if (values.user !== undefined) {
        const [user] = await database.query<{ id: string }>('select id from users where username = $1', [values.user]);
        if (!user) {
          process.stderr.write(`no user ${values.user}\n`);
          return 1;
        }
        to = { userId: user.id };
      } else {
        // Free an aircraft (no gateway) or a gateway (no pilot): whichever the serial is.
        to = (await rebindDjiDevice(database, serial, { gateway: null })) ? { gateway: null } : { userId: null };
      }
      const done = await rebindDjiDevice(database, serial, to);
      out(done ? `Rebound ${serial}.` : `No DJI device ${serial} of that kind.`);
      return done ? 0 : 1;
    } finally {
      await database.close();
    }
  }

  if (command === 'create-user') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { password: { type: 'string' }, 'display-name': { type: 'string' } },
    });
    const [username, roleList] = positionals;
    const wanted = roleList?.split(',').map((r) => r.trim()) ?? [];
    const known = (r: string): r is Role => (roles as readonly string[]).includes(r);
    if (!username || wanted.length === 0 || !wanted.every(known)) {
      out(USAGE);
      return 2;
    }
    const database = await open();
    try {
      const account = await createUsersService(createUsersRepo(database)).createUser({
        username,
        roles: wanted.filter(known),
        password: values.password,
        ...(values['display-name'] ? { displayName: values['display-name'] } : {}),
      });
      out(`${account.username} / ${values.password ? '(as given)' : account.password} / ${account.roles.join(',')}`);
      return 0;
    } finally {
      await database.close();
    }
  }

  if (command === 'import-places') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        source: { type: 'string' },
        datum: { type: 'string' },
        station: { type: 'string' },
        'skip-bad-rows': { type: 'boolean' },
      },
    });
    const [file] = positionals;
    if (!file) {
      out(USAGE);
      return 2;
    }
    const body = placesImportBody.parse({
      source: values.source ?? path.basename(file),
      format: /\.csv$/i.test(file) ? 'csv' : 'geojson',
      datum: values.datum,
      text: await readFile(file, 'utf8'),
      skipBadRows: values['skip-bad-rows'] === true,
    });
    const database = await open();
    try {
      const log = createLogger({ name: 'cli', level: 'warn', fd: 2 });
      const places = createPlacesService({ repo: createPlacesRepo(database), log });
      const result = await places.importFile(body, { userId: null, station: values.station ?? null }).catch((err) => {
        const problems = (err as AppError).details as { problems?: { row: number; reason: string }[] } | undefined;
        for (const p of problems?.problems ?? []) process.stderr.write(`row ${p.row}: ${p.reason}\n`);
        throw err;
      });
      out(`Imported ${result.imported} places from ${result.source} (replaced ${result.replaced}).`);
      for (const p of result.skipped) out(`skipped row ${p.row}: ${p.reason}`);
      return 0;
    } finally {
      await database.close();
    }
  }

  if (command === 'basemap') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { name: { type: 'string' } },
    });
    const [sub, input] = positionals;
    if (sub !== 'build' || !input || positionals.length !== 2) {
      out(USAGE);
      return 2;
    }
    const result = await buildBasemap({
      input,
      dataDir: config.dataDir,
      ...(values.name ? { name: values.name } : {}),
      onOutput: (text) => process.stderr.write(text),
    });
    const bounds = result.bounds ? `, bounds ${result.bounds.join(',')}` : '';
    out(
      `Built ${result.tiles} tiles, zoom ${result.minzoom}–${result.maxzoom}${bounds}, in ${(result.ms / 1000).toFixed(1)} s. ` +
        'The server serves it as the station’s basemap (BASEMAP_URL unset, or its file name).',
    );
    out(result.file);
    return 0;
  }

  if (command === 'terrain') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { name: { type: 'string' }, maxzoom: { type: 'string' } },
    });
    const [sub, dem] = positionals;
    const maxzoom = values.maxzoom === undefined ? undefined : Number(values.maxzoom);
    if (
      sub !== 'build' ||
      !dem ||
      (maxzoom !== undefined && !(Number.isInteger(maxzoom) && maxzoom >= 0 && maxzoom <= 18))
    ) {
      out(USAGE);
      return 2;
    }
    const built = await buildTerrain({
      dem,
      terrainDir: path.join(config.dataDir, 'basemap', 'terrain'),
      ...(values.name ? { name: values.name } : {}),
      ...(maxzoom !== undefined ? { maxzoom } : {}),
      say: out,
    });
    const m = built.metadata;
    out(
      `Built ${m.tiles} terrain tiles (zoom ${m.minzoom}–${m.maxzoom}, ${m.minElevationM.toFixed(0)}–${m.maxElevationM.toFixed(0)} m) in ${built.seconds.toFixed(1)} s.`,
    );
    out(built.dir);
    return 0;
  }

  process.stderr.write(`Unknown command: ${command}\n${USAGE}\n`);
  return 2;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (err) {
  if (
    err instanceof ConfigError ||
    err instanceof DataDirLockedError ||
    err instanceof AppError ||
    err instanceof BasemapBuildError ||
    err instanceof TerrainBuildError
  ) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
