/**
 * Serves the built exhibit: `npm start` (build, then serve) or `npm run serve` (serve existing dist/).
 *
 *   tsx server/main.ts [--port 8080] [--host 0.0.0.0] [--root dist]
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from './app.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  port: number;
  host: string;
  root: string;
}

function usage(): string {
  return [
    'Usage: tsx server/main.ts [--port <n>] [--host <addr>] [--root <dir>]',
    '',
    '  --port  port to listen on (default: $PORT or 8080)',
    '  --host  interface to bind (default: 0.0.0.0, reachable from the LAN; use 127.0.0.1 for this machine only)',
    '  --root  directory to serve (default: dist/ next to package.json)',
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
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(usage());
      process.exit(0);
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (name !== '--port' && name !== '--host' && name !== '--root') {
      fail(`unknown argument "${arg}"\n\n${usage()}`);
    }
    let value: string | undefined = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') fail(`${name} needs a value\n\n${usage()}`);
    if (name === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port "${value}"`);
      args.port = port;
    } else if (name === '--host') {
      args.host = value;
    } else {
      args.root = path.resolve(value);
    }
  }
  return args;
}

function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function lanUrls(port: number): string[] {
  const urls: string[] = [];
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.internal || a.family !== 'IPv4') continue;
      urls.push(`http://${a.address}:${port}/`);
    }
  }
  return urls;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(args.root, 'index.html'))) {
    fail(
      `${displayPath(path.join(args.root, 'index.html'))} not found: the app has not been built. ` +
        'Run "npm run build" first (or "npm start", which builds and then serves).',
    );
  }

  let running;
  try {
    running = await createServer({ root: args.root, port: args.port, host: args.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      fail(`port ${args.port} is already in use. Stop the other server or pick another port: --port <n> (or PORT=<n>).`);
    }
    if (code === 'EACCES') fail(`no permission to listen on port ${args.port}; use a port above 1024 (--port <n>).`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') fail(`cannot bind to host "${args.host}" on this machine.`);
    throw err;
  }

  const wildcard = args.host === '0.0.0.0' || args.host === '::';
  const local = wildcard || args.host === 'localhost' || args.host === '127.0.0.1' || args.host === '::1';
  console.log(`IAMM Milestones is running at ${local ? `http://localhost:${running.port}/` : running.url}`);
  if (wildcard) {
    for (const url of lanUrls(running.port)) console.log(`  on your network: ${url}`);
  }
  console.log('Press Ctrl+C to stop.');

  const stop = () => {
    running.close().then(
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
