// What grows in the kiosk soak: heap snapshots (CDP HeapProfiler.takeHeapSnapshot) after cycle 1 and after the last
// cycle, compared by constructor: count and self size in each, and the objects alive at the end that were allocated
// after cycle 1 (snapshot node ids are stable within a page, so "new" means an id the first snapshot did not have).
//
//   npx tsx scripts/heap-diff.ts --minutes 10 [--dist DIR] [--top 40]    # runs the soak, snapshots, prints the diff
//   npx tsx scripts/heap-diff.ts --minutes 10 --chromium-arg=--js-flags=--jitless   # the same without V8's JIT
//   npx tsx scripts/heap-diff.ts --minutes 25 --at 8,20                  # snapshots after cycles 8 and 20 instead
//   npx tsx scripts/heap-diff.ts --compare A.heapsnapshot B.heapsnapshot # only the comparison
//
// Snapshots are written to bench/heap-cycle-1<-tag>.heapsnapshot and bench/heap-cycle-last<-tag>.heapsnapshot (with
// `--at A,B`: heap-cycle-A<-tag> and heap-cycle-B<-tag>; open
// them in Chrome DevTools' Memory tab for retainers; `--tag NAME` keeps runs apart).
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer } from '../server/app.ts';
import { launchBrowser } from '../tests/e2e/harness.ts';
import { forEachNode, type HeapSnapshotJson, takeHeapSnapshot } from './heap-snapshot.ts';
import { formatSoak, runSoak } from './soak.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'bench');

export interface Group {
  count: number;
  size: number;
}

export interface Summary {
  groups: Map<string, Group>;
  /** Per node id, its group key (for "new since"). */
  ids: Map<number, string>;
  sizes: Map<number, number>;
  total: number;
}

function groupKey(type: string, name: string): string {
  if (type === 'object' || type === 'native') return name;
  if (type === 'closure') return `(closure) ${name || '(anonymous)'}`;
  if (type === 'array' || type === 'hidden' || type === 'object shape' || type === 'code') return `(${type}) ${name}`;
  return `(${type})`;
}

export function summarize(file: string): Summary {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshotJson;
  const groups = new Map<string, Group>();
  const ids = new Map<number, string>();
  const sizes = new Map<number, number>();
  let total = 0;
  forEachNode(snap, ({ type, name, id, selfSize }) => {
    const key = groupKey(type, name.length > 80 ? `${name.slice(0, 77)}...` : name);
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count++;
    g.size += selfSize;
    groups.set(key, g);
    ids.set(id, key);
    sizes.set(id, selfSize);
    total += selfSize;
  });
  return { groups, ids, sizes, total };
}

export function compare(a: Summary, b: Summary, top = 40): string {
  const rows = [...new Set([...a.groups.keys(), ...b.groups.keys()])].map((key) => {
    const x = a.groups.get(key) ?? { count: 0, size: 0 };
    const y = b.groups.get(key) ?? { count: 0, size: 0 };
    return { key, dCount: y.count - x.count, dSize: y.size - x.size, count: y.count, size: y.size };
  });
  rows.sort((p, q) => q.dSize - p.dSize);
  const fresh = new Map<string, Group>();
  for (const [id, key] of b.ids) {
    if (a.ids.has(id)) continue;
    const g = fresh.get(key) ?? { count: 0, size: 0 };
    g.count++;
    g.size += b.sizes.get(id) ?? 0;
    fresh.set(key, g);
  }
  const freshRows = [...fresh.entries()].sort((p, q) => q[1].size - p[1].size);
  const kb = (n: number): string => (n / 1024).toFixed(1).padStart(9);
  const lines = [
    `heap (self sizes): ${(a.total / 1048576).toFixed(2)} MB -> ${(b.total / 1048576).toFixed(2)} MB (${(b.total / a.total).toFixed(3)}x)`,
    '',
    `by constructor, largest growth first (top ${top}):`,
    '   Δ KB   Δ count   count end  constructor',
    ...rows.slice(0, top).map((r) => `${kb(r.dSize)} ${String(r.dCount).padStart(9)} ${String(r.count).padStart(11)}  ${r.key}`),
    '',
    `alive at the end, allocated after the first snapshot (top ${top}):`,
    '     KB     count  constructor',
    ...freshRows.slice(0, top).map(([key, g]) => `${kb(g.size)} ${String(g.count).padStart(9)}  ${key}`),
  ];
  return lines.join('\n');
}

interface Args {
  minutes: number;
  dist: string;
  top: number;
  compare: [string, string] | null;
  chromiumArgs: string[];
  tag: string;
  /** Snapshot after these two cycles (default: the first and the last). */
  at: [number, number] | null;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { minutes: 10, dist: path.join(ROOT, 'dist'), top: 40, compare: null, chromiumArgs: [], tag: '', at: null };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    if (name.startsWith('--chromium-arg=')) {
      out.chromiumArgs.push(name.slice('--chromium-arg='.length));
      continue;
    }
    if (name === '--compare') {
      const a = argv[++i];
      const b = argv[++i];
      if (!a || !b) throw new Error('--compare needs two files');
      out.compare = [a, b];
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--minutes' && Number(value) > 0) out.minutes = Number(value);
    else if (name === '--dist') out.dist = path.resolve(value);
    else if (name === '--top' && Number(value) > 0) out.top = Number(value);
    else if (name === '--tag' && /^[a-z0-9-]+$/.test(value)) out.tag = `-${value}`;
    else if (name === '--at' && /^\d+,\d+$/.test(value)) {
      const [a, b] = value.split(',').map(Number) as [number, number];
      if (!(a >= 1 && b > a)) throw new Error(`--at needs two cycles, the first ≥ 1 and before the second (got ${value})`);
      out.at = [a, b];
    } else throw new Error(`bad argument ${name} ${value}`);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = parseArgs(process.argv.slice(2));
  if (args.compare) {
    console.log(compare(summarize(args.compare[0]), summarize(args.compare[1]), args.top));
    process.exit(0);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const [fromCycle, toCycle] = args.at ?? [1, null];
  const first = path.join(OUT_DIR, `heap-cycle-${fromCycle}${args.tag}.heapsnapshot`);
  const last = path.join(OUT_DIR, `heap-cycle-${toCycle ?? 'last'}${args.tag}.heapsnapshot`);
  const server = await createServer({ root: args.dist, port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser({ args: args.chromiumArgs });
  if (args.chromiumArgs.length) console.log(`chromium ${args.chromiumArgs.join(' ')}`);
  try {
    const result = await runSoak(browser, {
      baseUrl: server.url,
      minutes: args.minutes,
      log: (l) => console.log(l),
      ...(toCycle === null ? {} : { cycles: toCycle }),
      afterCycle: async (index, page) => {
        // The default: after cycle 1, then after every later one (the last one written is the run's last cycle).
        if (index === fromCycle) await takeHeapSnapshot(page, first);
        else if (toCycle === null ? index > fromCycle : index === toCycle) await takeHeapSnapshot(page, last);
        else return;
        console.log(`snapshot after cycle ${index}`);
      },
    });
    console.log(formatSoak(result));
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(compare(summarize(first), summarize(last), args.top));
}
