// The offline copy read against the worker's manifest, and refilled after an eviction: fake Cache Storage and fetch.
import { describe, expect, it } from 'vitest';
import { type OfflineEnv, offlineState, readOfflineCopy, refillOfflineCopy } from '../../src/app/offlineCopy.ts';
import { refillDue } from '../../src/features/kiosk/useOfflineCopy.ts';

const BASE = 'https://booth.local:8443/iamm/';
const SW = `${BASE}sw.js`;
const SW_SOURCE =
  'W().precache([{url:"index.html",revision:"r1"},{url:"assets/app-1.js",revision:null},{url:"fonts/a.woff2",revision:"f9"}]);';
const BODY: Record<string, string> = {
  [`${BASE}index.html`]: '<html>',
  [`${BASE}assets/app-1.js`]: 'console.log(1)',
  [`${BASE}fonts/a.woff2`]: 'wOF2xxxx',
};

function fakeEnv(opts: { cacheName?: string | null; failing?: Set<string> } = {}) {
  const stores = new Map<string, Map<string, Response>>();
  if (opts.cacheName !== null) stores.set(opts.cacheName ?? `workbox-precache-v2-${BASE}`, new Map());
  const fetched: string[] = [];
  let kept: string | null = null;
  const online = { on: true };
  const cacheOf = (m: Map<string, Response>) =>
    ({
      match: async (key: string) => m.get(key)?.clone(),
      put: async (key: string, r: Response) => void m.set(key, r),
    }) as unknown as Cache;
  const env: OfflineEnv = {
    swUrl: SW,
    memory: { read: () => kept, write: (v) => void (kept = v) },
    caches: {
      keys: async () => [...stores.keys()],
      open: async (name: string) => {
        if (!stores.has(name)) stores.set(name, new Map());
        return cacheOf(stores.get(name)!);
      },
    },
    fetch: async (url: string) => {
      fetched.push(url);
      if (!online.on) throw new TypeError('Failed to fetch');
      if (url === SW) return new Response(SW_SOURCE);
      if (opts.failing?.has(url)) throw new TypeError('Failed to fetch');
      const body = BODY[url];
      return body === undefined ? new Response('missing', { status: 404 }) : new Response(body);
    },
  };
  return { env, stores, fetched, online };
}

describe('offline copy', () => {
  it('refills only what the browser evicted, under the keys Workbox matches, and reads complete afterwards', async () => {
    const { env, stores, fetched } = fakeEnv();
    const cache = stores.get(`workbox-precache-v2-${BASE}`)!;
    cache.set(`${BASE}index.html?__WB_REVISION__=r1`, new Response('<html>'));
    const before = await readOfflineCopy(BASE, env);
    expect(before).toEqual({ complete: false, bytes: 6, cached: 1, expected: 3 });
    expect(offlineState(before, 'active')).toBe('evicted');
    expect(offlineState(before, 'installing')).toBe('filling');
    expect(offlineState(before, 'none')).toBe('none');

    fetched.length = 0;
    const after = await refillOfflineCopy(BASE, env);
    expect(after.complete).toBe(true);
    expect(after.cached).toBe(3);
    // The manifest, then the two missing files only; the one still cached is not downloaded again.
    expect(fetched.sort()).toEqual([`${BASE}assets/app-1.js`, `${BASE}fonts/a.woff2`, SW].sort());
    expect([...cache.keys()].sort()).toEqual(
      [`${BASE}assets/app-1.js`, `${BASE}fonts/a.woff2?__WB_REVISION__=f9`, `${BASE}index.html?__WB_REVISION__=r1`].sort(),
    );
    expect(offlineState(after, 'active')).toBe('complete');
  });

  it('offline, sw.js cannot be fetched: the copy is read against the manifest kept from the last read', async () => {
    const { env, stores, online } = fakeEnv();
    stores.get(`workbox-precache-v2-${BASE}`)!.set(`${BASE}assets/app-1.js`, new Response('x'));
    online.on = false;
    expect(await readOfflineCopy(BASE, env)).toEqual({ complete: false, bytes: 0, cached: 0, expected: 0 });
    online.on = true;
    expect(await readOfflineCopy(BASE, env)).toMatchObject({ cached: 1, expected: 3 });
    online.on = false;
    expect(await readOfflineCopy(BASE, env)).toMatchObject({ cached: 1, expected: 3 });
    // Nothing can be fetched again while offline; nothing is lost either.
    expect(await refillOfflineCopy(BASE, env)).toMatchObject({ complete: false, cached: 1, expected: 3 });
  });

  it('a file that fails to download stays missing and nothing throws; without any worker cache nothing is created', async () => {
    const failing = fakeEnv({ failing: new Set([`${BASE}fonts/a.woff2`]) });
    const partial = await refillOfflineCopy(BASE, failing.env);
    expect(partial).toMatchObject({ complete: false, cached: 2, expected: 3 });

    const none = fakeEnv({ cacheName: null });
    const copy = await refillOfflineCopy(BASE, none.env);
    expect(copy).toMatchObject({ complete: false, cached: 0, expected: 3 });
    expect(none.stores.size).toBe(0);
    expect(offlineState({ complete: false, bytes: 0, cached: 0, expected: 0 }, 'active')).toBe('none');
  });

  it('is due only online, when an installed worker misses part of its copy (never while one is installing)', () => {
    const missing = { complete: false, bytes: 0, cached: 1, expected: 3 };
    expect(refillDue(missing, true, 'active')).toBe(true);
    expect(refillDue(missing, false, 'active')).toBe(false);
    expect(refillDue(missing, true, 'installing')).toBe(false);
    expect(refillDue(missing, true, 'none')).toBe(false);
    expect(refillDue({ ...missing, complete: true, cached: 3 }, true, 'active')).toBe(false);
    expect(refillDue({ complete: false, bytes: 0, cached: 0, expected: 0 }, true, 'active')).toBe(false);
  });
});
