/**
 * Small production server for the built exhibit (dist/), using only Node's `http`.
 *
 * - static files with correct MIME types, `index.html` for `/`
 * - SPA fallback to index.html only for extension-less paths; 404 for missing files
 * - path traversal (`..`, `%2e%2e`, NUL, backslashes) rejected with 400
 * - `/assets/*` (content-hashed by Vite) cached for a year; HTML is `no-cache`
 * - gzip for compressible types when the client accepts it (compressed bytes cached in memory)
 * - ETag / If-None-Match, single byte ranges (for media), HEAD; anything but GET/HEAD gets 405
 *
 * - optionally HTTPS (`https: { key, cert }`), and the live-guide WebSocket endpoint `/guide` (`guide: hub`,
 *   server/guide/hub.ts) on the same port
 *
 * - security headers on every response; a Content Security Policy on every HTML page and on every script that can run
 *   as its own global (the service worker sw.js and the other scripts at the site's root; CONTENT_SECURITY_POLICY)
 * - bounded: headers within 10 s, a whole request within 30 s, at most 6000 connections, 256 per remote address
 *
 * The `http.Server` is exposed so other upgrade handlers could be attached; with `guide`, the hub answers every
 * upgrade (and refuses all paths but `/guide`).
 */
import { createReadStream, existsSync, promises as fsp, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { GuideHub } from './guide/hub.ts';

const gzip = promisify(zlib.gzip);

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.bin': 'application/octet-stream',
  '.ktx2': 'image/ktx2',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.wasm': 'application/wasm',
};

/** Extensions worth gzipping (text-like or uncompressed binary formats). */
const COMPRESSIBLE = new Set([
  '.html',
  '.htm',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.webmanifest',
  '.txt',
  '.xml',
  '.vtt',
  '.svg',
  '.ttf',
  '.otf',
  '.glb',
  '.gltf',
  '.bin',
  '.wasm',
  '.wav',
  '.ico',
]);

const MIN_GZIP_BYTES = 512;
/** Files up to this size are kept in memory; larger ones are streamed from disk. */
const MAX_CACHED_FILE_BYTES = 16 * 1024 * 1024;
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * The exhibit's Content Security Policy, sent with every HTML page. Everything comes from the page's own origin:
 * - no inline script or style and no eval (fonts are added with the FontFace API, React sets styles through the CSSOM);
 * - `worker-src blob:` for troika-three-text, which builds its text-layout worker from a Blob, and 'self' for a
 *   service worker; that worker loads its modules with importScripts(blob:), hence `blob:` in script-src too
 *   (only a script already running on the page can mint a blob: URL);
 * - images also from blob:/data: (three's GLTFLoader turns the controller models' embedded textures into blob: URLs,
 *   and reads them back with fetch, hence `blob:` in connect-src too);
 * - `connect-src 'self'` covers fetches and the same-origin guide WebSocket (ws:/wss: of this host, CSP Level 3).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "media-src 'self'",
  "connect-src 'self' blob:",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every response (HTML or not). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // WebXR needs xr-spatial-tracking for this origin; everything else a page could ask for is off.
  'Permissions-Policy': 'xr-spatial-tracking=(self), camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/**
 * Does a response at `urlPath` with this MIME type need the page's policy? HTML pages do, and so does every script a
 * browser may run as its own global (a service worker or a worker: sw.js, workbox-*.js, anything at the site's root):
 * such a global takes its policy from its own response, not from the page. Modules under /assets/ are imported by the
 * page and run under the page's policy.
 */
export function needsContentSecurityPolicy(urlPath: string, type: string): boolean {
  if (type.startsWith('text/html')) return true;
  return type.startsWith('text/javascript') && !urlPath.startsWith('/assets/');
}

/** What one server accepts before it refuses or cuts a connection. */
export interface ServerLimits {
  /** Complete request headers within this (Node's headersTimeout; default 10 s). */
  headersTimeoutMs: number;
  /** The complete request within this (Node's requestTimeout; default 30 s). */
  requestTimeoutMs: number;
  /** Open connections per server (Node's maxConnections; default 6000). */
  maxConnections: number;
  /** Open connections per remote address (default 256); more are closed at once. */
  maxConnectionsPerAddress: number;
}

export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 6000,
  maxConnectionsPerAddress: 256,
};

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';

export interface CreateServerOptions {
  /** Directory to serve (default `dist`, resolved against the current directory). */
  root?: string;
  /** Port to listen on (default `$PORT` or 8080; 0 picks a free port). */
  port?: number;
  /** Interface to bind (default: all interfaces, as Node does). */
  host?: string;
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
  https?: { key: string | Buffer; cert: string | Buffer };
  /** Serve the live-guide WebSocket endpoint (`/guide`) of this hub on the same port. One hub can serve several servers. */
  guide?: GuideHub;
  /** The policy sent with HTML pages (default CONTENT_SECURITY_POLICY); null sends none (test fixtures with inline code). */
  contentSecurityPolicy?: string | null;
  /** Connection limits (default DEFAULT_SERVER_LIMITS). */
  limits?: Partial<ServerLimits>;
}

export interface RunningServer {
  /** The underlying server: attach `upgrade` handlers here for WebSockets. */
  server: http.Server;
  /** Base URL with a trailing slash, e.g. `http://localhost:8080/` (`https://` with the `https` option). */
  url: string;
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  etag: string;
  body: Buffer;
  gzipped?: Promise<Buffer | null>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Maps a request target to a file path inside `root`, or throws HttpError(400)
 * for anything that could escape it. Returns the decoded URL path as well.
 */
export function resolveRequestPath(root: string, rawUrl: string): { urlPath: string; filePath: string } {
  if (!rawUrl.startsWith('/')) throw new HttpError(400, 'Bad request target');
  let pathname = rawUrl;
  const q = pathname.search(/[?#]/);
  if (q !== -1) pathname = pathname.slice(0, q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new HttpError(400, 'Malformed URL encoding');
  }
  if (decoded.includes('\0') || decoded.includes('\\')) throw new HttpError(400, 'Bad path');
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) throw new HttpError(400, 'Path traversal rejected');
  if (decoded.endsWith('/')) decoded += 'index.html';
  const filePath = path.resolve(root, '.' + decoded);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) {
    throw new HttpError(400, 'Path traversal rejected');
  }
  return { urlPath: decoded, filePath };
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (!q || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

/** Parses a single `bytes=` range; returns null when absent/unsupported, 'invalid' when unsatisfiable. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // multi-range or unknown unit: serve the whole file
  const [, a = '', b = ''] = m;
  let start: number;
  let end: number;
  if (a === '' && b === '') return 'invalid';
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

/**
 * Builds the request listener for a static root. Exposed separately so it can be
 * mounted on another server (e.g. one that also handles WebSocket upgrades).
 */
export function createStaticHandler(rootDir: string, contentSecurityPolicy: string | null = CONTENT_SECURITY_POLICY): http.RequestListener {
  const root = path.resolve(rootDir);
  const cache = new Map<string, CacheEntry>();
  let cacheBytes = 0;
  let realRoot: string | undefined;

  function remember(filePath: string, entry: CacheEntry): void {
    const old = cache.get(filePath);
    if (old) {
      cacheBytes -= old.size;
      cache.delete(filePath);
    }
    cache.set(filePath, entry);
    cacheBytes += entry.size;
    for (const [key, e] of cache) {
      if (cacheBytes <= MAX_CACHE_BYTES) break;
      cache.delete(key);
      cacheBytes -= e.size;
    }
  }

  async function statFile(filePath: string) {
    try {
      const st = await fsp.stat(filePath);
      if (!st.isFile()) return null;
      // Refuse symlinks that point outside the root.
      realRoot ??= await fsp.realpath(root);
      const real = await fsp.realpath(filePath);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
      return st;
    } catch {
      return null;
    }
  }

  function send(res: http.ServerResponse, status: number, message: string, extra: http.OutgoingHttpHeaders = {}): void {
    const body = Buffer.from(message + '\n');
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      ...extra,
    });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      return;
    }

    let { urlPath, filePath } = resolveRequestPath(root, req.url ?? '/');
    const base = path.posix.basename(urlPath);
    if (urlPath.split('/').some((s) => s.startsWith('.') && s !== '.well-known')) {
      throw new HttpError(404, 'Not Found');
    }

    let st = await statFile(filePath);
    if (!st && path.posix.extname(base) === '') {
      // SPA fallback for extension-less routes only; `/missing.js` stays a 404.
      filePath = path.join(root, 'index.html');
      urlPath = '/index.html';
      st = await statFile(filePath);
    }
    if (!st) throw new HttpError(404, 'Not Found');

    const ext = path.extname(filePath).toLowerCase();
    const type = MIME_TYPES[ext] ?? 'application/octet-stream';
    const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    const compressible = COMPRESSIBLE.has(ext) && st.size >= MIN_GZIP_BYTES;

    res.setHeader('Content-Type', type);
    if (contentSecurityPolicy !== null && needsContentSecurityPolicy(urlPath, type))
      res.setHeader('Content-Security-Policy', contentSecurityPolicy);
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', st.mtime.toUTCString());
    res.setHeader('Cache-Control', urlPath.startsWith('/assets/') && ext !== '.html' ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
    if (compressible) res.setHeader('Vary', 'Accept-Encoding');

    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      res.statusCode = 304;
      res.end();
      return;
    }

    // Large files: stream from disk (with range support), no in-memory cache.
    if (st.size > MAX_CACHED_FILE_BYTES) {
      res.setHeader('Accept-Ranges', 'bytes');
      const range = parseRange(req.headers.range, st.size);
      if (range === 'invalid') {
        send(res, 416, 'Range Not Satisfiable', { 'Content-Range': `bytes */${st.size}` });
        return;
      }
      const { start, end } = range ?? { start: 0, end: st.size - 1 };
      res.statusCode = range ? 206 : 200;
      if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${st.size}`);
      res.setHeader('Content-Length', end - start + 1);
      if (method === 'HEAD' || st.size === 0) {
        res.end();
        return;
      }
      const stream = createReadStream(filePath, { start, end });
      stream.on('error', () => res.destroy());
      stream.pipe(res);
      return;
    }

    let entry = cache.get(filePath);
    if (!entry || entry.mtimeMs !== st.mtimeMs || entry.size !== st.size) {
      const body = await fsp.readFile(filePath);
      entry = { mtimeMs: st.mtimeMs, size: body.length, etag, body };
      remember(filePath, entry);
    }

    let body = entry.body;
    if (compressible && acceptsGzip(req.headers['accept-encoding'])) {
      const current = entry;
      current.gzipped ??= gzip(current.body, { level: 9 }).then(
        (z) => (z.length < current.body.length ? z : null),
        () => null,
      );
      const z = await current.gzipped;
      if (z) {
        body = z;
        res.setHeader('Content-Encoding', 'gzip');
      }
    }

    if (body === entry.body) {
      res.setHeader('Accept-Ranges', 'bytes');
      const range = parseRange(req.headers.range, body.length);
      if (range === 'invalid') {
        send(res, 416, 'Range Not Satisfiable', { 'Content-Range': `bytes */${body.length}` });
        return;
      }
      if (range) {
        res.statusCode = 206;
        res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${body.length}`);
        body = body.subarray(range.start, range.end + 1);
      }
    }
    res.setHeader('Content-Length', body.length);
    res.end(method === 'HEAD' ? undefined : body);
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        send(res, err.status, err.message);
      } else {
        console.error('[server] error serving', req.url, err);
        send(res, 500, 'Internal Server Error');
      }
    });
  };
}

function formatUrl(host: string, port: number, scheme: 'http' | 'https' = 'http'): string {
  const wildcard = host === '' || host === '0.0.0.0' || host === '::';
  const h = wildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${h}:${port}/`;
}

/**
 * Starts the static server and resolves once it is listening.
 * Rejects with the listen error (e.g. code `EADDRINUSE`) if the port cannot be bound,
 * or with code `ENOENT` if the root directory does not exist.
 */
export async function createServer(options: CreateServerOptions = {}): Promise<RunningServer> {
  const root = path.resolve(options.root ?? 'dist');
  const port = options.port ?? (Number(process.env.PORT) || 8080);
  const host = options.host;

  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw Object.assign(new Error(`Static root not found: ${root}`), { code: 'ENOENT', path: root });
  }

  const handler = createStaticHandler(
    root,
    options.contentSecurityPolicy === undefined ? CONTENT_SECURITY_POLICY : options.contentSecurityPolicy,
  );
  const serverOptions = { connectionsCheckingInterval: 1000 };
  const server: http.Server = options.https
    ? https.createServer({ key: options.https.key, cert: options.https.cert, ...serverOptions }, handler)
    : http.createServer(serverOptions, handler);
  server.keepAliveTimeout = 5_000;
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`createServer: limits.${name} must be a whole number ≥ 1 (got ${value})`);
  }
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs);
  server.maxConnections = limits.maxConnections;
  const perAddress = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '?';
    const n = (perAddress.get(address) ?? 0) + 1;
    if (n > limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    perAddress.set(address, n);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    if (host === undefined) server.listen(port);
    else server.listen(port, host);
  });

  const detachGuide = options.guide?.attach(server);
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    url: formatUrl(host ?? '', address.port, options.https ? 'https' : 'http'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        detachGuide?.();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
