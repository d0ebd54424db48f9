// Bytes before the first frame, and desktop draw calls at the start and at a focused panel. Provides the real
// scene's time to data-ready (unthrottled) as a reference for the synthetic scene.
import path from 'node:path';
import { waitForReady } from '../../tests/e2e/harness.ts';
import {
  type BenchContext,
  desktopDrawCalls,
  type DrawCount,
  type Figure,
  figure,
  GL_PROBE,
  glideTo,
  KB,
  keepPartial,
  newPage,
  READY_PROBE,
  round,
  type SectionResult,
} from './common.ts';

export const BUDGET = { bytesBeforeFirstFrameKB: 600 };
export const FOCUSED_ID = '2023-2024';

type Category = 'js' | 'css' | 'fonts' | 'other';

interface RequestRecord {
  url: string;
  type: string;
  category: Category;
  /** Encoded bytes received (gzip body plus headers), from Network.loadingFinished. */
  bytes: number;
  state: 'pending' | 'finished' | 'failed';
  beforeReady: boolean;
  fromWorker: boolean;
}

function categorise(url: string, type: string): Category {
  const ext = path.posix.extname(new URL(url).pathname).toLowerCase();
  if (['.woff', '.woff2', '.ttf', '.otf'].includes(ext) || type === 'Font') return 'fonts';
  if (['.js', '.mjs'].includes(ext) || type === 'Script') return 'js';
  if (ext === '.css' || type === 'Stylesheet') return 'css';
  return 'other';
}

export async function measure(ctx: BenchContext): Promise<SectionResult> {
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const o = await newPage(ctx.browser, [GL_PROBE, READY_PROBE]);
  const { page, context } = o;
  try {
    // Network events on our own CDP session, and the ready signal as a binding call on the same session, so
    // "before the first frame" is decided in the order the browser reported things.
    const cdp = await context.newCDPSession(page);
    const requests = new Map<string, RequestRecord>();
    let ready = false;
    const onRequest = (id: string, url: string, type: string, fromWorker: boolean): void => {
      if (requests.has(id) || !/^https?:/i.test(url)) return; // redirects reuse the id; data:/blob: are not on the wire
      requests.set(id, { url, type, category: categorise(url, type), bytes: 0, state: 'pending', beforeReady: !ready, fromWorker });
    };
    const onFinished = (id: string, bytes: number): void => {
      const r = requests.get(id);
      if (r) Object.assign(r, { bytes: Math.max(0, bytes), state: 'finished' });
    };
    const onFailed = (id: string): void => {
      const r = requests.get(id);
      if (r) r.state = 'failed';
    };
    cdp.on('Network.requestWillBeSent', (e) => onRequest(e.requestId, e.request.url, e.type ?? 'Other', false));
    cdp.on('Network.loadingFinished', (e) => onFinished(e.requestId, e.encodedDataLength));
    cdp.on('Network.loadingFailed', (e) => onFailed(e.requestId));
    cdp.on('Runtime.bindingCalled', (e) => {
      if (e.name === '__benchReady') ready = true;
    });
    // Troika fetches its fonts from a dedicated worker, whose requests only the worker's own target reports. Our
    // session is not Playwright's, so it reaches the worker the old way: unflattened, through Target messages.
    let messageId = 0;
    const toWorker = (sessionId: string, method: string): Promise<unknown> =>
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++messageId, method }) });
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type !== 'worker') return;
      void toWorker(e.sessionId, 'Network.enable')
        .then(() => toWorker(e.sessionId, 'Runtime.runIfWaitingForDebugger'))
        .catch(() => undefined);
    });
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message) as {
        method?: string;
        params?: { requestId?: string; request: { url: string }; type?: string; encodedDataLength: number };
      };
      const p = m.params;
      if (!p) return;
      const id = `${e.sessionId}:${String(p.requestId)}`;
      if (m.method === 'Network.requestWillBeSent') onRequest(id, p.request.url, p.type ?? 'Other', true);
      else if (m.method === 'Network.loadingFinished') onFinished(id, p.encodedDataLength);
      else if (m.method === 'Network.loadingFailed') onFailed(id);
    });
    await cdp.send('Network.enable');
    await cdp.send('Runtime.enable');
    await cdp.send('Runtime.addBinding', { name: '__benchReady' });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });

    await page.goto(ctx.baseUrl, { waitUntil: 'load', timeout: 60_000 });
    await waitForReady(page, { timeout: 90_000 });
    const readyAt = await page.evaluate<number>('window.__benchReadyAt');
    // Requests made before the first frame may still be arriving: let them finish.
    const t0 = Date.now();
    while ([...requests.values()].some((r) => r.beforeReady && r.state === 'pending') && Date.now() - t0 < 15_000) {
      await page.waitForTimeout(100);
    }
    if (!ready) throw new Error('the ready binding was never called: cannot tell which requests came before the first frame');

    const before = [...requests.values()].filter((r) => r.beforeReady);
    const sum = (c?: Category): number => before.filter((r) => !c || r.category === c).reduce((n, r) => n + r.bytes, 0);
    const pending = before.filter((r) => r.state === 'pending').length;
    const xrProfiles = before.filter((r) => new URL(r.url).pathname.includes('/xr-profiles/'));
    figures.push(
      figure(
        'bytes.total',
        'Bytes before first frame (gzip, on the wire)',
        sum() / KB,
        'kB',
        BUDGET.bytesBeforeFirstFrameKB,
        `${before.length} requests${pending ? `, ${pending} unfinished` : ''}; encoded bytes incl. response headers; first frame at ${round(readyAt / 1000, 1)} s`,
      ),
      figure('bytes.js', '  of which JS', sum('js') / KB, 'kB'),
      figure('bytes.css', '  of which CSS', sum('css') / KB, 'kB'),
      figure('bytes.fonts', '  of which fonts', sum('fonts') / KB, 'kB'),
      figure('bytes.other', '  of which other (HTML, icon)', sum('other') / KB, 'kB'),
      figure(
        'bytes.xrProfiles',
        'xr-profiles requests before first frame',
        xrProfiles.length,
        'requests',
        0,
        xrProfiles.length ? xrProfiles.map((r) => r.url).join(', ') : undefined,
      ),
    );
    details.requestsBeforeFirstFrame = before.map((r) => ({
      url: new URL(r.url).pathname,
      type: r.type,
      category: r.category,
      bytes: r.bytes,
      state: r.state,
      fromWorker: r.fromWorker,
    }));
    details.firstFrameMs = round(readyAt, 0);
    const references = { readyAtMs: readyAt };

    // Draw calls at the start, then after following the link to a panel (where a fresh `/#id` opens too). Should this
    // fail, the byte figures above are kept.
    const draws = await keepPartial({ figures, details, references }, async () => {
      const start = await desktopDrawCalls(page);
      await glideTo(page, FOCUSED_ID, 30_000);
      return { start, focused: await desktopDrawCalls(page) };
    });
    const { start, focused } = draws;
    const check = (d: DrawCount): string =>
      `GL counter ${d.gl} in the last drawn frame (${d.frames} drawn after the nudge)${d.gl === d.inspector ? ', agrees' : ', DISAGREES'}`;
    figures.push(
      figure('desktop.drawCalls.start', 'Desktop draw calls/frame, start view', start.inspector, 'calls', undefined, check(start)),
      figure('desktop.drawCalls.focused', `Desktop draw calls/frame, focused #${FOCUSED_ID}`, focused.inspector, 'calls', undefined, check(focused)),
      figure(
        'desktop.glyphDraws',
        'Glyph SDF draws by the first frame',
        start.detachedDraws,
        'calls',
        undefined,
        "on troika's own detached canvas (its glyph atlas), not the exhibit's; counted apart from the figures above",
      ),
    );
    details.desktopDrawCalls = draws;
    if (o.pageErrors.length) details.desktopPageErrors = o.pageErrors;
    return { figures, details, references };
  } finally {
    await context.close();
  }
}
