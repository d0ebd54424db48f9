// Load run of the live-guide fan-out, on loopback, bounded in time:
//   npx tsx scripts/guide-load.ts [--sizes 25,100,200,1000] [--gotos 50] [--spacing 100] [--two-process 1000] [--redis redis://…]
// Each server is a process of its own (scripts/guide-load-server.ts, forked), so the figures are the server's, not
// the simulated headsets' (which run here). For each size N: N followers connect (spread over 127.0.0.2 … as the
// headsets of a hall would be, 100 per address), each reporting its position on every command as a headset does;
// then the guide sends `gotos` gotos `spacing` ms apart. Fan-out latency = the guide's send to each follower's
// receipt (one clock: this process's performance.now); lost = deliveries that never arrived. Memory per follower =
// the server's heap (after a forced GC) with the followers connected, minus before, divided by N.
// The two-process row splits N followers over two servers sharing a throwaway redis-server (the guide on the first).
// Prints a table and writes bench/guide-load.json. Like scripts/bench.ts, a missed target is reported, not thrown.
//
// For a bench runner: `guideLoadRows(options)` returns the rows (one process 25 / 100 / 200 / 1000, and 1000 over two
// processes + Redis), each with its figures and whether it met the target; `runGuideLoad` is the older, one-process
// entry point (its rows are the one-process ones).
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GuideClient } from '../server/guide/node-client.ts';
import { startRedisServer, type TestRedis } from './redis-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'guide-load.json');
const SERVER = path.join(ROOT, 'scripts', 'guide-load-server.ts');
const MILESTONES = ['2020-2021', '2022', '2023-2024', '2025', '2026-onward'];
const SECRET = 'load-test-secret';
/** Followers per simulated address (127.0.0.2, 127.0.0.3 …): well under the hub's 250 per address. */
const FOLLOWERS_PER_ADDRESS = 100;

export const GUIDE_LOAD_TARGET = { followers: 1000, p95Ms: 50, lost: 0 } as const;

export interface GuideLoadOptions {
  /** Follower counts to run on one server process, in order (default 25, 100, 200, 1000). */
  sizes?: readonly number[];
  /** Followers for the run over two server processes sharing Redis (default 1000; 0: skip). guideLoadRows only. */
  twoProcess?: number;
  /** Gotos the guide sends per run (default 50). */
  gotos?: number;
  /** Milliseconds between gotos (default 100). */
  spacingMs?: number;
  /** Followers answer every command with a position report, as headsets do (default true). */
  reportPositions?: boolean;
  /** Run the one-process sizes through this Redis instead of in-process rooms. */
  redisUrl?: string;
  /** Whole run's limit (default 85 s; guideLoadRows: 150 s); a run that would overrun is stopped and reported. */
  budgetMs?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface GuideLoadRow {
  /** e.g. "1000 followers, 1 process" or "1000 followers, 2 processes + Redis". */
  label: string;
  followers: number;
  processes: number;
  store: 'memory' | 'redis';
  commands: number;
  /** followers × commands */
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Time to connect every follower and get each its welcome and state. */
  connectMs: number;
  /** Server heap (after GC) per connected follower, bytes (averaged over the servers). */
  heapPerFollowerBytes: number;
  /** Server resident memory per connected follower, bytes (noisier: the allocator keeps pages). */
  rssPerFollowerBytes: number;
  /** CPU time the server process(es) spent per goto (fan-out, the followers' position reports, rosters), ms: unlike
   * the latencies, it does not depend on what else the machine is running. */
  serverCpuMsPerGoto: number;
  /** The same for this process (the simulated headsets and the guide). */
  clientCpuMsPerGoto: number;
  /** Roster messages the guide got (throttled to ≤ 4/s). */
  rosters: number;
  /** Largest roster message, bytes. */
  rosterMaxBytes: number;
  /** Messages the server refused (should be 0). */
  errors: number;
  /** This row is a target row (GUIDE_LOAD_TARGET.followers) and met it: p95 below, nothing lost. */
  pass: boolean | null;
}

export interface GuideLoadResult {
  date: string;
  node: string;
  cpus: number;
  /** The open-files limit of this process (each follower is a socket here and one in a server). */
  openFilesLimit: number | null;
  store: 'memory' | 'redis';
  gotos: number;
  spacingMs: number;
  target: typeof GUIDE_LOAD_TARGET;
  rows: GuideLoadRow[];
  /** Every target row met the target. */
  pass: boolean;
  totalMs: number;
  /** Set when the run was cut short. */
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** `ulimit -n` of this process (null if it cannot be read). */
export function openFilesLimit(): number | null {
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return out === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(out) || null;
  } catch {
    return null;
  }
}

export interface LoadServer {
  port: number;
  memory(): Promise<{ heapUsed: number; rss: number; clients: number; cpuMs: number }>;
  stop(): Promise<void>;
}

export async function startServer(root: string, redis?: { url: string; prefix: string }, rooms?: readonly string[]): Promise<LoadServer> {
  const child: ChildProcess = fork(SERVER, [], {
    execArgv: [
      '--import',
      import.meta.resolve('tsx'),
      '--expose-gc',
      // GUIDE_LOAD_CPU_PROF=<dir>: each server process writes a V8 CPU profile there when it stops.
      ...(process.env.GUIDE_LOAD_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.GUIDE_LOAD_CPU_PROF}`] : []),
    ],
    env: {
      ...process.env,
      LOAD_ROOT: root,
      LOAD_SECRET: SECRET,
      ...(rooms ? { LOAD_ROOMS: rooms.join(',') } : {}),
      ...(redis ? { LOAD_REDIS_URL: redis.url, LOAD_REDIS_PREFIX: redis.prefix } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = <T>(type: string, timeoutMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => (cleanup(), reject(new Error(`guide load server: no "${type}" within ${timeoutMs} ms`))), timeoutMs);
      const onMessage = (m: { type?: string }) => {
        if (m?.type !== type) return;
        cleanup();
        resolve(m as T);
      };
      const onExit = (code: number | null) => (cleanup(), reject(new Error(`guide load server exited (${code})`)));
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { port } = await reply<{ port: number }>('listening', 30_000);
  return {
    port,
    memory: () => {
      const r = reply<{ heapUsed: number; rss: number; clients: number; cpuMs: number }>('memory', 10_000);
      child.send({ type: 'memory' });
      return r;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop' });
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

interface RunSpec {
  label: string;
  followers: number;
  /** One URL per server; followers are dealt round-robin, the guide is on the first. */
  servers: LoadServer[];
  store: 'memory' | 'redis';
}

async function runOne(spec: RunSpec, gotos: number, spacingMs: number, reportPositions: boolean, deadline: number): Promise<GuideLoadRow> {
  const n = spec.followers;
  const left = () => deadline - performance.now();
  const urls = spec.servers.map((s) => `ws://127.0.0.1:${s.port}/guide`);
  const sentAt = new Map<number, number>();
  const received: Array<Map<number, number>> = [];
  const latencies: number[] = [];
  let duplicates = 0;
  let errors = 0;
  const clients: GuideClient[] = [];
  // Position reports go out after the messages that arrived together have been read (one flush per turn of the event
  // loop, the text made once per milestone), so the generator's own sends do not delay the receipts it times.
  const reports: Array<[GuideClient, string]> = [];
  const reportText = new Map<string, string>();
  const flushReports = () => {
    for (const [c, text] of reports.splice(0)) c.send(text);
  };
  try {
    const before = await Promise.all(spec.servers.map((s) => s.memory()));
    // Followers, in batches (as headsets arriving, but quickly), 100 per address, dealt round-robin so that no
    // address has more than 30 handshakes under way (the hub allows 32 sockets per address before hello).
    const addresses = Math.max(1, Math.ceil(n / FOLLOWERS_PER_ADDRESS));
    const batchSize = Math.min(50, 30 * addresses);
    const t0 = performance.now();
    for (let i = 0; i < n; i += batchSize) {
      if (left() < 5000) throw new Error(`out of time connecting ${n} followers (${i} connected)`);
      const batch = await Promise.all(
        Array.from({ length: Math.min(batchSize, n - i) }, async (_, k) => {
          const index = i + k;
          const seen = new Map<number, number>();
          received[index] = seen;
          const a = index % addresses;
          const address = `127.0.${Math.floor(a / 250)}.${2 + (a % 250)}`;
          const c: GuideClient = await GuideClient.connect(urls[index % urls.length]!, {
            localAddress: address,
            validate: false,
            onMessage: (m, at) => {
              if (m.type === 'error') errors++;
              if (m.type !== 'command' || m.cmd.type !== 'goto') return;
              if (seen.has(m.seq)) duplicates++;
              else {
                seen.set(m.seq, at);
                const sent = sentAt.get(m.seq);
                if (sent !== undefined) latencies.push(at - sent);
              }
              if (!reportPositions) return;
              let text = reportText.get(m.cmd.milestone);
              if (text === undefined) {
                text = JSON.stringify({ type: 'position', milestone: m.cmd.milestone, following: true });
                reportText.set(m.cmd.milestone, text);
              }
              if (reports.length === 0) setImmediate(flushReports);
              reports.push([c, text]);
            },
          });
          c.send({ type: 'hello', role: 'follower', room: 'load', clientId: `load-${n}-${String(index).padStart(4, '0')}` });
          await c.next('state', () => true, Math.max(1000, Math.min(30_000, left())));
          return c;
        }),
      );
      clients.push(...batch);
    }
    const connectMs = performance.now() - t0;
    const after = await Promise.all(spec.servers.map((s) => s.memory()));

    const guide = await GuideClient.connect(urls[0]!);
    clients.push(guide);
    guide.send({ type: 'hello', role: 'guide', room: 'load', secret: SECRET });
    await guide.next('state', () => true, 10_000);
    let rosterMaxBytes = 0;
    guide.ws.on('message', (data) => {
      const s = String(data);
      if (s.startsWith('{"type":"roster"')) rosterMaxBytes = Math.max(rosterMaxBytes, Buffer.byteLength(s));
    });

    // The gotos, on a fixed schedule (no drift).
    const cpuBefore = await Promise.all(spec.servers.map((s) => s.memory()));
    const clientCpuBefore = process.cpuUsage();
    const start = performance.now() + 20;
    for (let seq = 1; seq <= gotos; seq++) {
      await sleep(start + (seq - 1) * spacingMs - performance.now());
      if (left() < 3000) throw new Error(`out of time after ${seq - 1} of ${gotos} gotos with ${n} followers`);
      sentAt.set(seq, performance.now());
      guide.send({ type: 'goto', milestone: MILESTONES[seq % MILESTONES.length]!, seq });
    }
    // Drain: until everything arrived, at most 3 s (or what is left of the budget).
    const drainEnd = performance.now() + Math.min(3000, left() - 1000);
    while (performance.now() < drainEnd && received.some((m) => m.size < gotos)) await sleep(10);

    const clientCpu = process.cpuUsage(clientCpuBefore);
    const cpuAfter = await Promise.all(spec.servers.map((s) => s.memory()));
    const serverCpuMs = cpuAfter.reduce((sum, m, i) => sum + m.cpuMs - cpuBefore[i]!.cpuMs, 0);
    const delivered = received.reduce((sum, m) => sum + m.size, 0);
    const sorted = latencies.sort((a, b) => a - b);
    const perFollower = (key: 'heapUsed' | 'rss') => Math.round(after.reduce((sum, m, i) => sum + (m[key] - before[i]![key]), 0) / n);
    const p95 = round(percentile(sorted, 95));
    const lost = n * gotos - delivered;
    return {
      label: spec.label,
      followers: n,
      processes: spec.servers.length,
      store: spec.store,
      commands: gotos,
      expected: n * gotos,
      delivered,
      lost,
      duplicates,
      p50Ms: round(percentile(sorted, 50)),
      p95Ms: p95,
      maxMs: round(sorted.at(-1) ?? NaN),
      connectMs: Math.round(connectMs),
      heapPerFollowerBytes: perFollower('heapUsed'),
      rssPerFollowerBytes: perFollower('rss'),
      serverCpuMsPerGoto: round(serverCpuMs / gotos),
      clientCpuMsPerGoto: round((clientCpu.user + clientCpu.system) / 1000 / gotos),
      rosters: guide.messages.filter((m) => m.type === 'roster').length,
      rosterMaxBytes,
      errors,
      pass: n === GUIDE_LOAD_TARGET.followers ? p95 < GUIDE_LOAD_TARGET.p95Ms && lost === GUIDE_LOAD_TARGET.lost : null,
    };
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
  }
}

interface Plan {
  sizes: readonly number[];
  twoProcess: number;
  gotos: number;
  spacingMs: number;
  reportPositions: boolean;
  redisUrl: string | undefined;
  budgetMs: number;
  log: (line: string) => void;
}

async function run(plan: Plan): Promise<GuideLoadResult> {
  const t0 = performance.now();
  const deadline = t0 + plan.budgetMs;
  const root = mkdtempSync(path.join(os.tmpdir(), 'iamm-guide-load-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>load</title>');
  const rows: GuideLoadRow[] = [];
  const limit = openFilesLimit();
  let error: string | undefined;
  let redis: TestRedis | null = null;
  const needed = Math.max(...plan.sizes, plan.twoProcess, 0) + 200;
  try {
    if (limit !== null && limit < needed) {
      throw new Error(`the open-files limit is ${limit}, and ${needed} sockets are needed: raise it first (ulimit -n ${needed * 2})`);
    }
    for (const n of plan.sizes) {
      const store = plan.redisUrl ? 'redis' : 'memory';
      plan.log(`guide load: ${n} followers on one server process (${store}), ${plan.gotos} gotos every ${plan.spacingMs} ms…`);
      const server = await startServer(root, plan.redisUrl ? { url: plan.redisUrl, prefix: `load:${process.pid}:${n}:` } : undefined);
      try {
        rows.push(
          await runOne(
            { label: `${n} followers, 1 process`, followers: n, servers: [server], store },
            plan.gotos,
            plan.spacingMs,
            plan.reportPositions,
            deadline,
          ),
        );
      } finally {
        await server.stop();
      }
    }
    if (plan.twoProcess > 0) {
      const n = plan.twoProcess;
      plan.log(`guide load: ${n} followers over two server processes sharing a redis-server…`);
      let url = plan.redisUrl;
      if (!url) {
        redis = await startRedisServer();
        url = redis.url;
      }
      const prefix = `load:${process.pid}:two:`;
      const servers = await Promise.all([startServer(root, { url, prefix }), startServer(root, { url, prefix })]);
      try {
        rows.push(
          await runOne(
            { label: `${n} followers, 2 processes + Redis`, followers: n, servers, store: 'redis' },
            plan.gotos,
            plan.spacingMs,
            plan.reportPositions,
            deadline,
          ),
        );
      } finally {
        await Promise.allSettled(servers.map((s) => s.stop()));
      }
    }
  } catch (err) {
    error = (err as Error).message;
  } finally {
    await redis?.close();
    rmSync(root, { recursive: true, force: true });
  }
  const targets = rows.filter((r) => r.pass !== null);
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    openFilesLimit: limit,
    store: plan.redisUrl ? 'redis' : 'memory',
    gotos: plan.gotos,
    spacingMs: plan.spacingMs,
    target: GUIDE_LOAD_TARGET,
    rows,
    pass: !error && targets.length > 0 && targets.every((r) => r.pass === true),
    totalMs: Math.round(performance.now() - t0),
    ...(error ? { error } : {}),
  };
}

function plan(options: GuideLoadOptions, twoProcessDefault: number, budgetDefault: number): Plan {
  const sizes = options.sizes ?? [25, 100, 200, 1000];
  const twoProcess = options.twoProcess ?? twoProcessDefault;
  for (const n of [...sizes, twoProcess]) {
    if (!Number.isInteger(n) || n < 0 || n > 5000)
      throw new Error(`guide load: follower counts are whole numbers from 1 to 5000 (got ${n})`);
  }
  return {
    sizes,
    twoProcess,
    gotos: options.gotos ?? 50,
    spacingMs: options.spacingMs ?? 100,
    reportPositions: options.reportPositions ?? true,
    redisUrl: options.redisUrl,
    budgetMs: options.budgetMs ?? budgetDefault,
    log: options.log ?? (() => {}),
  };
}

/**
 * The bench's entry point: every row (one process 25 / 100 / 200 / 1000 followers, then 1000 over two processes
 * sharing a redis-server it starts itself), with p50 / p95 / max, lost messages and memory per follower. Never throws
 * for a missed target (see each row's `pass`); a run cut short is in `error`.
 */
export async function guideLoadRows(options: GuideLoadOptions = {}): Promise<GuideLoadResult> {
  return run(plan(options, 1000, 150_000));
}

/** The one-process sizes only (what `npm run bench` has called so far). Never throws for a missed target. */
export async function runGuideLoad(options: GuideLoadOptions = {}): Promise<GuideLoadResult> {
  return run(plan({ ...options, twoProcess: 0 }, 0, 85_000));
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)}`;

export function formatGuideLoadTable(result: GuideLoadResult): string {
  const head = [
    'run',
    'deliveries',
    'lost',
    'dup',
    'p50 ms',
    'p95 ms',
    'max ms',
    'connect ms',
    'heap KB/follower',
    'rss KB/follower',
    'server CPU ms/goto',
    'client CPU ms/goto',
    'roster max B',
    'errors',
  ];
  const lines = result.rows.map((r) => [
    r.label,
    `${r.delivered}/${r.expected}`,
    String(r.lost),
    String(r.duplicates),
    r.p50Ms.toFixed(2),
    r.p95Ms.toFixed(2),
    r.maxMs.toFixed(2),
    String(r.connectMs),
    kb(r.heapPerFollowerBytes),
    kb(r.rssPerFollowerBytes),
    r.serverCpuMsPerGoto.toFixed(2),
    r.clientCpuMsPerGoto.toFixed(2),
    String(r.rosterMaxBytes),
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const t = GUIDE_LOAD_TARGET;
  return [
    `Live-guide fan-out (${result.gotos} gotos every ${result.spacingMs} ms, loopback, servers in their own processes, ` +
      `${result.cpus} CPUs, node ${result.node}, ulimit -n ${result.openFilesLimit ?? '?'})`,
    fmt(head),
    ...lines.map(fmt),
    `target: ${t.followers} followers with p95 < ${t.p95Ms} ms and ${t.lost} lost: ${result.pass ? 'PASS' : 'FAIL'}` +
      `   (total ${(result.totalMs / 1000).toFixed(1)} s)`,
    ...(result.error ? [`stopped: ${result.error}`] : []),
  ].join('\n');
}

function parseArgs(argv: string[]): GuideLoadOptions {
  const options: GuideLoadOptions = { log: (l) => console.error(l) };
  const number = (name: string, value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name}: expected a number ≥ 0, got "${value}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--sizes') options.sizes = value === '' || value === '0' ? [] : value.split(',').map((v) => number('--sizes', v));
    else if (name === '--gotos') options.gotos = number(name, value);
    else if (name === '--spacing') options.spacingMs = number(name, value);
    else if (name === '--two-process') options.twoProcess = number(name, value);
    else if (name === '--redis') options.redisUrl = value;
    else throw new Error(`unknown argument ${name} (use --sizes 25,100,200,1000 --gotos 50 --spacing 100 --two-process 1000 --redis URL)`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const watchdog = setTimeout(() => {
    console.error('guide load: still running after 170 s; stopping');
    process.exit(2);
  }, 170_000);
  watchdog.unref();
  let options: GuideLoadOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`guide load: ${(err as Error).message}`);
    process.exit(1);
  }
  guideLoadRows(options).then(
    (result) => {
      console.log(formatGuideLoadTable(result));
      mkdirSync(path.dirname(OUT), { recursive: true });
      writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
      console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
      process.exit(result.error ? 1 : 0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
