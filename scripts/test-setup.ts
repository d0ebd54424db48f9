// The first step of `npm test`: makes sure the two system programs the tests drive are there, Debian's `chromium`
// (the e2e tests' browser; or CHROMIUM_PATH) and `redis-server` (the guide server's Redis tests; or REDIS_SERVER).
// What is missing is installed with apt-get when that is possible without asking (root, or sudo without a password);
// otherwise it stops at once and prints the exact command to run. Nothing else is touched.
//   npx tsx scripts/test-setup.ts            (npm test runs it first)
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findRedisServer } from './redis-server.ts';

/** Where the e2e harness looks for a browser (tests/e2e/harness.ts). */
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export interface SetupFacts {
  /** CHROMIUM_PATH, if set. */
  chromiumPath: string | undefined;
  /** REDIS_SERVER, if set. */
  redisServerPath: string | undefined;
  chromiumFound: boolean;
  redisFound: boolean;
  isRoot: boolean;
  /** `sudo -n true` works. */
  sudoWithoutPassword: boolean;
  /** apt-get is on this machine (Debian, Ubuntu …). */
  hasAptGet: boolean;
}

export type SetupPlan =
  { action: 'none' } | { action: 'install'; packages: string[]; sudo: boolean; commands: string[][] } | { action: 'stop'; message: string };

/** What to do, from the facts (pure). */
export function planSetup(f: SetupFacts): SetupPlan {
  if (f.chromiumPath !== undefined && !f.chromiumFound) {
    return {
      action: 'stop',
      message: `CHROMIUM_PATH=${f.chromiumPath} is not an executable file: fix it, or unset it to use Debian's chromium.`,
    };
  }
  if (f.redisServerPath !== undefined && !f.redisFound) {
    return {
      action: 'stop',
      message: `REDIS_SERVER=${f.redisServerPath} is not an executable file: fix it, or unset it to use Debian's redis-server.`,
    };
  }
  const packages = [...(f.chromiumFound ? [] : ['chromium']), ...(f.redisFound ? [] : ['redis-server'])];
  if (packages.length === 0) return { action: 'none' };
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...packages];
  const printed = `sudo apt-get update && sudo ${install.join(' ')}`;
  if (!f.hasAptGet) {
    return {
      action: 'stop',
      message:
        `npm test needs ${packages.join(' and ')}, and this machine has no apt-get: install ${packages.join(' and ')} with its package ` +
        'manager, then set CHROMIUM_PATH (a Chromium executable) and/or REDIS_SERVER (a redis-server executable) if they are not at ' +
        '/usr/bin, and run npm test again.',
    };
  }
  if (f.isRoot || f.sudoWithoutPassword) {
    const sudo = !f.isRoot;
    const pre = sudo ? ['sudo', '-n'] : [];
    return {
      action: 'install',
      packages,
      sudo,
      commands: [
        [...pre, 'apt-get', 'update'],
        [...pre, ...install],
      ],
    };
  }
  return {
    action: 'stop',
    message: `npm test needs ${packages.join(' and ')} (Debian packages), and cannot install them without a password. Run:\n\n  ${printed}\n\nthen npm test again.`,
  };
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d !== '' && executable(path.join(d, name)));
}

export function gatherFacts(env: Record<string, string | undefined> = process.env): SetupFacts {
  const chromiumPath = env.CHROMIUM_PATH || undefined;
  const redisServerPath = env.REDIS_SERVER || undefined;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let sudoWithoutPassword = false;
  if (!isRoot && onPath('sudo')) sudoWithoutPassword = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return {
    chromiumPath,
    redisServerPath,
    chromiumFound: chromiumPath !== undefined ? executable(chromiumPath) : CHROMIUM_CANDIDATES.some(executable),
    redisFound: findRedisServer(env) !== null,
    isRoot,
    sudoWithoutPassword,
    hasAptGet: onPath('apt-get'),
  };
}

/** Runs the plan: 0 when the tests can run, 1 when they cannot (the reason printed). */
export function runSetup(plan: SetupPlan, log: (line: string) => void = (l) => console.error(l)): number {
  if (plan.action === 'none') return 0;
  if (plan.action === 'stop') {
    log(`test setup: ${plan.message}`);
    return 1;
  }
  log(`test setup: installing ${plan.packages.join(', ')} with apt-get${plan.sudo ? ' (sudo)' : ''}…`);
  for (const [cmd, ...args] of plan.commands) {
    const r = spawnSync(cmd!, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) {
      log(
        `test setup: "${[cmd, ...args].join(' ')}" failed (${r.error?.message ?? `exit ${r.status}`}). Install ${plan.packages.join(' and ')} by hand, then run npm test again.`,
      );
      return 1;
    }
  }
  const after = planSetup(gatherFacts());
  if (after.action !== 'none') {
    log(
      `test setup: ${plan.packages.join(', ')} installed, but still not found (${after.action === 'stop' ? after.message : after.packages.join(', ')}).`,
    );
    return 1;
  }
  log('test setup: done.');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exit(runSetup(planSetup(gatherFacts())));
}
