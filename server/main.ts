/**
 * Serves the built exhibit: `npm start` (build, then serve) or `npm run serve` (serve existing dist/),
 * with the live-guide WebSocket endpoint `/guide` on the same port(s).
 *
 *   tsx server/main.ts [--port 8080] [--host 0.0.0.0] [--root dist] [--https [--https-port 8443]]
 *
 * Environment: PORT, HTTPS_PORT, GUIDE_ROOMS="room1:secret1,room2:secret2", REDIS_URL (rooms shared by processes),
 * GUIDE_HOST_NAMES (more names the guide endpoint answers to), GUIDE_MAX_PER_ADDRESS (guide sockets per address).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUIDE_PATH } from '../src/features/guide/protocol.ts';
import { createServer, type RunningServer } from './app.ts';
import { loadGuideRooms } from './guide/config.ts';
import { createGuideHub, type GuideHub } from './guide/hub.ts';
import { redactRedisUrl } from './guide/redis-store.ts';
import { loadOrCreateCertificate, machineNames } from './guide/tls.ts';
import { buildVersionReader } from './guide/version.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  port: number;
  host: string;
  root: string;
  /** Also serve HTTPS (self-signed certificate from .cache/certs/) on this port; null: HTTP only. */
  httpsPort: number | null;
}

function usage(): string {
  return [
    'Usage: tsx server/main.ts [--port <n>] [--host <addr>] [--root <dir>] [--https [--https-port <n>]]',
    '',
    '  --port        port to listen on (default: $PORT or 8080)',
    '  --host        interface to bind (default: 0.0.0.0, reachable from the LAN; use 127.0.0.1 for this machine only)',
    '  --root        directory to serve (default: dist/ next to package.json)',
    '  --https       also serve HTTPS with a self-signed certificate (made on first start, kept in .cache/certs/):',
    '                headsets allow WebXR only on a secure origin',
    '  --https-port  port for HTTPS (default: $HTTPS_PORT or 8443)',
    '',
    'Live guide (WebSocket /guide on the same ports): GUIDE_ROOMS="room1:secret1,room2:secret2" sets the rooms',
    'and their guide secrets (default: one room "iamm" with a random secret, printed once at start);',
    'REDIS_URL shares the rooms between several server processes; GUIDE_HOST_NAMES="name,addr" adds names the',
    "guide endpoint answers to (besides this machine's); GUIDE_MAX_PER_ADDRESS=N sockets per address (default 250).",
  ].join('\n');
}

function fail(message: string): never {
  console.error(`Error: ${message}`);
  process.exit(1);
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    port: Number(process.env.PORT) || 8080,
    host: '0.0.0.0',
    root: path.join(repoRoot, 'dist'),
    httpsPort: null,
  };
  let https = false;
  let httpsPort = Number(process.env.HTTPS_PORT) || 8443;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(usage());
      process.exit(0);
    }
    if (arg === '--https') {
      https = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (name !== '--port' && name !== '--host' && name !== '--root' && name !== '--https-port') {
      fail(`unknown argument "${arg}"\n\n${usage()}`);
    }
    const value: string | undefined = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') fail(`${name} needs a value\n\n${usage()}`);
    if (name === '--port' || name === '--https-port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port "${value}"`);
      if (name === '--port') args.port = port;
      else {
        httpsPort = port;
        https = true;
      }
    } else if (name === '--host') {
      args.host = value;
    } else {
      args.root = path.resolve(value);
    }
  }
  if (https) args.httpsPort = httpsPort;
  return args;
}

function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function lanUrls(port: number, scheme: 'http' | 'https' = 'http'): string[] {
  const urls: string[] = [];
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.internal || a.family !== 'IPv4') continue;
      urls.push(`${scheme}://${a.address}:${port}/`);
    }
  }
  return urls;
}

/**
 * GUIDE_HOST_NAMES="exhibit.example.org,10.1.2.3": names besides this machine's (the certificate's list) that the
 * guide endpoint answers to (a Host header naming anything else is refused: DNS rebinding).
 * GUIDE_MAX_PER_ADDRESS=N: guide sockets per remote address (default 250), for a hall behind one NAT address.
 */
function guideLimitsFromEnv(env: Record<string, string | undefined>): { hostNames: string[]; maxSocketsPerAddress?: number } {
  const extra = (env.GUIDE_HOST_NAMES ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const n of extra) if (!/^[A-Za-z0-9.:-]+$/.test(n)) fail(`GUIDE_HOST_NAMES: "${n}" is not a host name or address`);
  const out: { hostNames: string[]; maxSocketsPerAddress?: number } = { hostNames: [...machineNames(), ...extra] };
  const max = env.GUIDE_MAX_PER_ADDRESS;
  if (max !== undefined && max !== '') {
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) fail(`GUIDE_MAX_PER_ADDRESS must be a whole number from 1 to 100000 (got "${max}")`);
    out.maxSocketsPerAddress = n;
  }
  return out;
}

async function startGuide(root: string): Promise<{ hub: GuideHub; lines: string[] }> {
  let rooms;
  try {
    rooms = loadGuideRooms(process.env);
  } catch (err) {
    fail((err as Error).message);
  }
  for (const w of rooms.warnings) console.warn(`Warning (GUIDE_ROOMS): ${w}`);
  const redisUrl = process.env.REDIS_URL || undefined;
  let hub: GuideHub;
  try {
    hub = await createGuideHub({
      rooms: rooms.rooms,
      ...(redisUrl ? { redisUrl } : {}),
      ...guideLimitsFromEnv(process.env),
      buildVersion: buildVersionReader(root),
    });
  } catch (err) {
    fail(`${(err as Error).message}. Start Redis, fix REDIS_URL, or unset it to keep the rooms in this process.`);
  }
  const names = [...rooms.rooms.keys()];
  const lines = [
    `Live guide: WebSocket ${GUIDE_PATH} on the same port(s); room${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')}` +
      (redisUrl ? `, shared through Redis at ${redactRedisUrl(redisUrl)}` : ''),
  ];
  // The one and only time a generated secret is shown: it is not kept anywhere else (the hub holds a digest).
  if (rooms.generated) {
    lines.push(
      `  guide secret for room "${rooms.generated.room}": ${rooms.generated.secret}` +
        '   (shown once; set GUIDE_ROOMS="room:secret" to choose your own)',
    );
  }
  return { hub, lines };
}

function listenError(err: unknown, port: number, host: string): never {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    fail(
      `port ${port} is already in use. Stop the other server or pick another port: --port <n> (or PORT=<n>; --https-port <n> for HTTPS).`,
    );
  }
  if (code === 'EACCES') fail(`no permission to listen on port ${port}; use a port above 1024 (--port <n>).`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') fail(`cannot bind to host "${host}" on this machine.`);
  throw err;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(args.root, 'index.html'))) {
    fail(
      `${displayPath(path.join(args.root, 'index.html'))} not found: the app has not been built. ` +
        'Run "npm run build" first (or "npm start", which builds and then serves).',
    );
  }

  const { hub, lines: guideLines } = await startGuide(args.root);
  const cert = args.httpsPort === null ? null : await loadOrCreateCertificate(path.join(repoRoot, '.cache', 'certs'));

  const servers: RunningServer[] = [];
  try {
    servers.push(await createServer({ root: args.root, port: args.port, host: args.host, guide: hub }));
  } catch (err) {
    listenError(err, args.port, args.host);
  }
  let secure: RunningServer | null = null;
  if (cert && args.httpsPort !== null) {
    try {
      secure = await createServer({ root: args.root, port: args.httpsPort, host: args.host, guide: hub, https: cert });
      servers.push(secure);
    } catch (err) {
      listenError(err, args.httpsPort, args.host);
    }
  }
  const running = servers[0]!;

  const wildcard = args.host === '0.0.0.0' || args.host === '::';
  const local = wildcard || args.host === 'localhost' || args.host === '127.0.0.1' || args.host === '::1';
  console.log(`IAMM Milestones is running at ${local ? `http://localhost:${running.port}/` : running.url}`);
  if (wildcard) {
    for (const url of lanUrls(running.port)) console.log(`  on your network: ${url}`);
  }
  if (secure && cert) {
    console.log(`  HTTPS (for headsets: WebXR needs a secure origin): ${local ? `https://localhost:${secure.port}/` : secure.url}`);
    if (wildcard) {
      for (const url of lanUrls(secure.port, 'https')) console.log(`    on your network: ${url}`);
    }
    const made = cert.created === null ? 'reused' : cert.created === 'new' ? 'made now' : `made again: ${cert.created}`;
    console.log(`  certificate: self-signed (${displayPath(cert.certPath)}, ${made}, valid to ${cert.validTo})`);
    console.log(`    SHA-256 fingerprint ${cert.fingerprint256}`);
    console.log('    browsers warn that it is not trusted: compare the fingerprint, then continue to the site.');
  }
  for (const line of guideLines) console.log(line);
  console.log('Press Ctrl+C to stop.');

  const stop = () => {
    Promise.allSettled([hub.close(), ...servers.map((s) => s.close())]).then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
