/**
 * End-to-end harness: headless Debian Chromium driven by playwright-core.
 *
 *   const browser = await launchBrowser();
 *   const { page, requests, consoleErrors, pageErrors } = await openPage(browser, '/?tour=1');
 *   await waitForReady(page);
 *   expect(crossOriginRequests(requests, baseUrl)).toEqual([]);
 *   expect(await canvasIsNonBlank(page)).toBe(true);
 *   await browser.close();
 *
 * The base URL comes from `inject('baseUrl')` (provided by global-setup.ts) unless
 * `openPage` is given an absolute URL or `{ baseUrl }`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, inject } from 'vitest';

const requireFromHere = createRequire(import.meta.url);
/** The WebXR emulator (IWER) for tests: inject it with `initScripts: [IWER_SOURCE, INSTALL_QUEST]` (never shipped). */
export const IWER_SOURCE = readFileSync(requireFromHere.resolve('iwer/build/iwer.js'), 'utf8');
/** Installs an emulated Meta Quest 3 as the page's WebXR runtime before the page loads; `window.__quest` drives it. */
export const INSTALL_QUEST = `
  window.__quest = new IWER.XRDevice(IWER.metaQuest3);
  window.__quest.installRuntime({ forceInstall: true });
`;

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const CHROMIUM_INSTALL_HINT =
  'No Chromium found for the end-to-end tests. Install it with `apt-get install -y chromium` ' +
  '(Debian/Ubuntu; run `apt-get update` first), or set CHROMIUM_PATH to a Chromium/Chrome executable. ' +
  `Looked at: CHROMIUM_PATH, ${CHROMIUM_CANDIDATES.join(', ')}.`;

/** Returns the Chromium executable to use, or throws with install instructions. */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist. ${CHROMIUM_INSTALL_HINT}`);
    return fromEnv;
  }
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(CHROMIUM_INSTALL_HINT);
  return found;
}

/**
 * Flags verified to give a working WebGL2 context (ANGLE on SwiftShader/Vulkan) in headless
 * Debian Chromium without a GPU. `--disable-dev-shm-usage` avoids crashes in containers
 * with a small /dev/shm; `--mute-audio` keeps the exhibit's sound off the host.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-dev-shm-usage',
  '--mute-audio',
];

export interface LaunchOptions {
  executablePath?: string;
  /** Extra Chromium flags appended to CHROMIUM_ARGS. */
  args?: string[];
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: options.executablePath ?? findChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    timeout: 60_000,
  });
}

/** One Chromium for a test file: launched before its tests, closed after them. Call at the top of the file. */
export function withBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('withBrowser: the browser is not launched yet (call the getter inside a test)');
    return browser;
  };
}

export interface OpenPageOptions {
  /** Emulates `prefers-reduced-motion` (default: no preference). */
  reducedMotion?: boolean | 'reduce' | 'no-preference';
  /** Default 1280×720. */
  viewport?: { width: number; height: number };
  /** Scripts run in the page before any of its own (strings or functions). */
  initScripts?: Array<string | (() => void)>;
  /** Overrides `inject('baseUrl')`. */
  baseUrl?: string;
  /** Navigation timeout in ms (default 60 s). Waits for `load`, never for network idle. */
  timeout?: number;
  /**
   * The exhibit's service worker (the offline copy). Blocked by default: each test page starts from the network,
   * request interception (`page.route`) sees every request, and no test pays for the 2 MB precache download.
   * The offline and security tests allow it.
   */
  serviceWorkers?: 'allow' | 'block';
  /** Emulates a phone or tablet: touch events and a coarse pointer (default: a desktop with a mouse). */
  touch?: boolean;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Every request URL the page made, in order (including data:/blob:). */
  requests: string[];
  /** Text of console messages of type `error`. */
  consoleErrors: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** Requests that failed at the network level, as "url (reason)". */
  failedRequests: string[];
  /** Closes the page's browser context. */
  close(): Promise<void>;
}

const records = new WeakMap<Page, OpenedPage>();

/** The base URL served by global-setup.ts (trailing slash). */
export function baseUrl(): string {
  return inject('baseUrl');
}

/** Opens `pathAndQuery` (relative to the base URL, or absolute) in a fresh context and records its traffic. */
export async function openPage(browser: Browser, pathAndQuery: string, options: OpenPageOptions = {}): Promise<OpenedPage> {
  const reducedMotion =
    options.reducedMotion === true ? 'reduce' : options.reducedMotion === false ? 'no-preference' : options.reducedMotion;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 720 },
    serviceWorkers: options.serviceWorkers ?? 'block',
    ...(options.touch ? { hasTouch: true, isMobile: true } : {}),
    ...(reducedMotion ? { reducedMotion } : {}),
  });
  const page = await context.newPage();
  const opened: OpenedPage = {
    page,
    context,
    requests: [],
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    close: () => context.close(),
  };
  records.set(page, opened);
  page.on('request', (req) => opened.requests.push(req.url()));
  page.on('requestfailed', (req) => opened.failedRequests.push(`${req.url()} (${req.failure()?.errorText ?? 'failed'})`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    opened.consoleErrors.push(loc.url ? `${msg.text()} (${loc.url}:${loc.lineNumber})` : msg.text());
  });
  page.on('pageerror', (err) => opened.pageErrors.push(err.stack ?? err.message));
  for (const script of options.initScripts ?? []) {
    await page.addInitScript(typeof script === 'string' ? { content: script } : script);
  }
  const url = new URL(pathAndQuery, options.baseUrl ?? baseUrl()).href;
  await page.goto(url, { waitUntil: 'load', timeout: options.timeout ?? 60_000 });
  return opened;
}

/** Requests whose origin differs from `base`'s origin (data:, blob: and about: are ignored). */
export function crossOriginRequests(requests: readonly string[], base: string): string[] {
  const origin = new URL(base).origin;
  return requests.filter((r) => {
    if (/^(data|blob|about):/i.test(r)) return false;
    try {
      return new URL(r).origin !== origin;
    } catch {
      return true;
    }
  });
}

function describeDiagnostics(page: Page): string {
  const rec = records.get(page);
  if (!rec) return '';
  const list = (title: string, items: string[]) =>
    items.length ? `\n${title} (${items.length}):\n  ${items.slice(0, 20).join('\n  ')}` : `\n${title}: none`;
  return list('Console errors', rec.consoleErrors) + list('Page errors', rec.pageErrors) + list('Failed requests', rec.failedRequests);
}

/**
 * Waits until the app sets `data-ready="1"` on <html> (font loaded and scene drawn).
 * Never waits for network idle: troika probes workers with blob: URLs, so it never settles.
 */
export async function waitForReady(page: Page, options: { timeout?: number } = {}): Promise<void> {
  const timeout = options.timeout ?? 60_000;
  try {
    await page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, {
      timeout,
      polling: 100,
    });
  } catch (err) {
    let state = 'unknown';
    try {
      state = await page.evaluate(
        () =>
          `data-ready=${JSON.stringify(document.documentElement.dataset.ready ?? null)}, readyState=${document.readyState}, title=${JSON.stringify(document.title)}`,
      );
    } catch {
      /* page may have crashed or closed */
    }
    throw new Error(
      `Page ${page.url()} did not become ready (document.documentElement.dataset.ready === '1') within ${timeout} ms ` +
        `[${state}]. Cause: ${(err as Error).message.split('\n')[0]}` +
        describeDiagnostics(page),
    );
  }
}

export interface CanvasPixelStats {
  width: number;
  height: number;
  /** Number of distinct RGBA values (counting stops at 4096). */
  distinctColours: number;
  /** The most common colour as [r, g, b, a] — normally the clear colour. */
  dominantColour: [number, number, number, number];
  /** Fraction of pixels equal to the dominant colour (0..1). */
  dominantFraction: number;
}

/**
 * Screenshots the canvas element (works with preserveDrawingBuffer: false, because it
 * captures composited output) and summarises its pixels.
 */
export async function canvasPixelStats(page: Page, selector = 'canvas'): Promise<CanvasPixelStats> {
  const canvas = page.locator(selector).first();
  const png = PNG.sync.read(await canvas.screenshot({ timeout: 30_000 }));
  const counts = new Map<number, number>();
  const { data, width, height } = png;
  for (let i = 0; i < data.length; i += 4) {
    const key = ((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!) >>> 0;
    const c = counts.get(key);
    if (c !== undefined) counts.set(key, c + 1);
    else if (counts.size < 4096) counts.set(key, 1);
  }
  let dominant = 0;
  let dominantCount = 0;
  for (const [key, n] of counts) {
    if (n > dominantCount) {
      dominant = key;
      dominantCount = n;
    }
  }
  return {
    width,
    height,
    distinctColours: counts.size,
    dominantColour: [(dominant >>> 24) & 255, (dominant >>> 16) & 255, (dominant >>> 8) & 255, dominant & 255],
    dominantFraction: width * height ? dominantCount / (width * height) : 1,
  };
}

/**
 * True when the canvas shows an actual drawing: at least `minColours` distinct colours and
 * not (almost) every pixel equal to the clear colour (the dominant colour, unless given).
 */
export async function canvasIsNonBlank(
  page: Page,
  options: { selector?: string; minColours?: number; clearColour?: [number, number, number]; maxClearFraction?: number } = {},
): Promise<boolean> {
  const stats = await canvasPixelStats(page, options.selector);
  const minColours = options.minColours ?? 8;
  const maxClearFraction = options.maxClearFraction ?? 0.999;
  if (stats.width === 0 || stats.height === 0 || stats.distinctColours < minColours) return false;
  if (options.clearColour) {
    const [r, g, b] = options.clearColour;
    const [dr, dg, db] = stats.dominantColour;
    const isClear = Math.abs(dr - r) <= 2 && Math.abs(dg - g) <= 2 && Math.abs(db - b) <= 2;
    if (isClear && stats.dominantFraction > maxClearFraction) return false;
    return true;
  }
  return stats.dominantFraction <= maxClearFraction;
}

/** WebGL2 renderer string of a blank page in this browser, or null if WebGL2 is unavailable. */
export async function webgl2Renderer(browser: Browser): Promise<string | null> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    return await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return null;
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    });
  } finally {
    await context.close();
  }
}
