// The guide hub's transport and limits: which upgrades become sockets (path, Host: this server's own names, Origin:
// pages of the same host, per-address and per-hub caps), the hello timeout, each message's rate limit, size check and
// validation before it is routed to login.ts, rooms.ts, devices.ts or outage.ts, and the heartbeat. Refusals go to
// the throttled refusal log (rate.ts RefusalLog) with a reason, never a secret or the message itself.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocket, type RawData } from 'ws';
import { CLOSE, DEFAULT_STARTS_IN_MS, GUIDE_PATH, MAX_MESSAGE_BYTES, parseClientMessage } from '../../src/features/guide/protocol.ts';
import type { Client, HubContext } from './context.ts';
import { onDeviceHello, onStatus, requestApplyUpdate, seen } from './devices.ts';
import { onGuideHello } from './login.ts';
import { shareCommand } from './outage.ts';
import { RateLimiter } from './rate.ts';
import { onClose, onFollowerHello, onPosition } from './rooms.ts';
import { forgetFollower, markRosterDirty } from './roster.ts';
import { expired } from './store.ts';

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
export function plainAddress(address: string | undefined): string {
  if (!address) return '?';
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The host name of a Host header, lower case, without port or IPv6 brackets (null if it is not one). */
export function hostName(host: string | undefined): string | null {
  if (!host) return null;
  try {
    const u = new URL(`http://${host}`);
    if (u.host.toLowerCase() !== host.toLowerCase() || u.username || u.password || u.pathname !== '/') return null;
    const name = u.hostname.toLowerCase();
    return name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  } catch {
    return null;
  }
}

/** The names a Host header may carry: `names` (as the certificate lists them) and localhost, normalised. */
export function allowedHosts(names: readonly string[]): Set<string> {
  const out = new Set<string>(['localhost']);
  for (const n of names) {
    const name = hostName(isIP(n) === 6 ? `[${n}]` : n);
    if (name) out.add(name);
  }
  return out;
}

/** Does the Origin header name the host the request was sent to (Host header)? */
export function originAllowed(origin: string | undefined, host: string | undefined, extra: readonly string[] = []): boolean {
  if (!origin || !host) return false;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  if (o.protocol !== 'http:' && o.protocol !== 'https:') return false;
  if (extra.includes(o.origin)) return true;
  let h: URL;
  try {
    h = new URL(`${o.protocol}//${host}`);
  } catch {
    return false;
  }
  return h.host === o.host && h.pathname === '/' && h.username === '' && h.password === '';
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  try {
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  } catch {
    socket.destroy();
  }
}

export function onUpgrade(hub: HubContext, server: http.Server, req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
  const ip = plainAddress(req.socket.remoteAddress);
  const target = req.url ?? '/';
  const q = target.search(/[?#]/);
  const pathname = q === -1 ? target : target.slice(0, q);
  if (pathname !== GUIDE_PATH) {
    hub.refuseLog(ip, `refused a connection from ${ip}: path is not ${GUIDE_PATH} (404)`);
    return rejectUpgrade(socket, 404, 'Not Found');
  }
  const host = hostName(req.headers.host);
  if (host === null || !hub.hosts.has(host)) {
    hub.refuseLog(ip, `refused a connection from ${ip}: Host is not one of this server's names (403)`);
    return rejectUpgrade(socket, 403, 'Forbidden');
  }
  if (!originAllowed(req.headers.origin, req.headers.host, hub.options.extraOrigins)) {
    hub.refuseLog(ip, `refused a connection from ${ip}: origin does not match host (403)`);
    return rejectUpgrade(socket, 403, 'Forbidden');
  }
  if (hub.closing || hub.clients.size >= (hub.options.maxClients ?? 5000)) {
    hub.refuseLog(ip, `refused a connection from ${ip}: ${hub.closing ? 'closing' : 'server full'} (503)`);
    return rejectUpgrade(socket, 503, 'Service Unavailable');
  }
  const slots = hub.addresses.get(ip) ?? { total: 0, pending: 0 };
  if (slots.pending >= (hub.options.maxPendingPerAddress ?? 32) || slots.total >= (hub.options.maxSocketsPerAddress ?? 250)) {
    const what =
      slots.total >= (hub.options.maxSocketsPerAddress ?? 250) ? `${slots.total} sockets` : `${slots.pending} sockets before hello`;
    hub.refuseLog(ip, `refused a connection from ${ip}: that address already has ${what} (429)`);
    return rejectUpgrade(socket, 429, 'Too Many Requests');
  }
  // The address's slots are taken now (the handshake may take a while) and given back when the socket closes.
  slots.total++;
  slots.pending++;
  hub.addresses.set(ip, slots);
  const slot = { pending: true };
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    slots.total--;
    if (slot.pending) slots.pending--;
    slot.pending = false;
    if (slots.total <= 0) hub.addresses.delete(ip);
  };
  socket.once('close', release);
  socket.on('error', () => socket.destroy());
  const local = plainAddress(req.socket.localAddress);
  const isPrivate = (req.socket as TLSSocket).encrypted === true || (ip !== '?' && ip === local);
  hub.wss.handleUpgrade(req, socket, head, (ws) =>
    hub.guard(
      'connection',
      () => onConnection(hub, server, ip, isPrivate, slot, ws),
      () => ws.terminate(),
    ),
  );
}

function onConnection(
  hub: HubContext,
  server: http.Server,
  ip: string,
  isPrivate: boolean,
  slot: { pending: boolean },
  ws: WebSocket,
): void {
  const limits = hub.options.rateLimit;
  const c: Client = {
    n: ++hub.counter,
    ws,
    conn: randomUUID(),
    ip,
    private: isPrivate,
    slot,
    server,
    limiter: new RateLimiter(hub.now(), limits?.limit, limits?.patience),
    role: null,
    room: null,
    clientId: null,
    entry: null,
    pending: [],
    alive: true,
    closed: false,
    queue: Promise.resolve(),
    dropped: 0,
    lastRateError: -Infinity,
    helloTimer: null,
    loginTimer: null,
    unclaimed: false,
    lastStatusAt: -Infinity,
  };
  hub.clients.add(c);
  c.helloTimer = setTimeout(() => {
    if (c.role === null && c.loginTimer === null) {
      hub.refuseLog(c.ip, `closed ${hub.describe(c)}: no hello within ${hub.options.helloTimeoutMs ?? 5000} ms`);
      hub.closeClient(c, CLOSE.policy, 'no hello');
    }
  }, hub.options.helloTimeoutMs ?? 5000);
  c.helloTimer.unref();
  ws.on('error', (err) => hub.log.warn(`[guide] socket error from ${hub.describe(c)}: ${err.message}`));
  ws.on('pong', () => {
    c.alive = true;
    seen(hub, c);
  });
  ws.on('message', (data, isBinary) => hub.guard('message', () => onMessage(hub, c, data, isBinary)));
  ws.on('close', () => hub.guard('close', () => onClose(hub, c)));
}

/** The socket said a valid hello: it no longer counts as "before hello" for its address. */
function helloReceived(hub: HubContext, c: Client): void {
  hub.clearHelloTimer(c);
  if (!c.slot.pending) return;
  c.slot.pending = false;
  const slots = hub.addresses.get(c.ip);
  if (slots) slots.pending--;
}

function onMessage(hub: HubContext, c: Client, data: RawData, isBinary: boolean): void {
  if (c.closed) return;
  c.alive = true;
  seen(hub, c);
  const verdict = c.limiter.check(hub.now());
  if (verdict === 'disconnect') {
    hub.log.warn(`[guide] ${hub.describe(c)} kept flooding (${c.dropped} messages dropped); disconnecting`);
    hub.closeClient(c, CLOSE.policy, 'rate limit');
    return;
  }
  if (verdict === 'drop') {
    c.dropped++;
    const now = hub.now();
    if (now - c.lastRateError >= 1000) {
      c.lastRateError = now;
      hub.log.warn(`[guide] rate-limiting ${hub.describe(c)}`);
      hub.send(c, { type: 'error', code: 'rate-limited' });
    }
    return;
  }
  const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
  if (bytes > MAX_MESSAGE_BYTES) return hub.refuse(c, 'too-large', `${bytes} bytes`);
  if (isBinary) return hub.refuse(c, 'malformed', 'binary frame');
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  const parsed = parseClientMessage(text);
  if (!parsed.ok) return hub.refuse(c, parsed.code, 'failed validation');
  const msg = parsed.message;

  switch (msg.type) {
    case 'hello':
      if (c.role !== null || c.loginTimer !== null) return hub.refuse(c, 'already-joined', 'second hello');
      helloReceived(hub, c);
      if (msg.role === 'guide' || msg.role === 'team') onGuideHello(hub, c, msg);
      else if (msg.role === 'device') onDeviceHello(hub, c, msg);
      else if (msg.role === 'watcher') hub.tools.watcherHello(c, msg);
      else onFollowerHello(hub, c, msg);
      return;
    case 'highlight':
    case 'hold':
    case 'pose':
    case 'share':
      return hub.tools.onMessage(c, msg);
    case 'goto':
    case 'tour': {
      if (c.role === null) return hub.refuse(c, 'unauthenticated', `${msg.type} before hello`);
      if (c.role !== 'guide') return hub.refuse(c, 'forbidden', `${msg.type} from a follower`);
      const { seq, ...cmd } = msg;
      const room = c.room!;
      const command = {
        type: 'command' as const,
        seq,
        issuedAt: hub.now(),
        startsInMs: hub.options.startsInMs ?? DEFAULT_STARTS_IN_MS,
        cmd,
      };
      hub.enqueue(c, msg.type, () => shareCommand(hub, c, room, command));
      // The guide moves on: the highlight of the last stop clears.
      if (msg.type === 'goto') hub.tools.moved(room, c);
      return;
    }
    case 'position':
      if (c.role === null) return hub.refuse(c, 'unauthenticated', 'position before hello');
      if (c.role !== 'follower') return hub.refuse(c, 'forbidden', 'position from a guide');
      hub.enqueue(c, 'position', () => onPosition(hub, c, msg));
      return;
    case 'status':
      if (c.role === null) return hub.refuse(c, 'unauthenticated', 'status before hello');
      if (c.role !== 'follower' && c.role !== 'device') return hub.refuse(c, 'forbidden', `status from a ${c.role}`);
      return onStatus(hub, c, msg);
    case 'apply-update': {
      if (c.role === null) return hub.refuse(c, 'unauthenticated', 'apply-update before hello');
      if (c.role !== 'team' && c.role !== 'guide') return hub.refuse(c, 'forbidden', `apply-update from a ${c.role}`);
      return requestApplyUpdate(hub, c, msg.deviceId);
    }
  }
}

export function beat(hub: HubContext): void {
  hub.refusals.flush(Date.now());
  // Visitors gone longer than the grace period leave the guides' rosters.
  const limits = hub.rosterLimits();
  for (const [name, room] of hub.local) {
    if (!room.mirror) continue;
    for (const [id, record] of room.mirror) if (expired(record, limits)) forgetFollower(room, id);
    markRosterDirty(hub, name);
  }
  for (const c of hub.clients) {
    if (!c.alive) {
      hub.log.info(`[guide] ${hub.describe(c)} stopped answering; dropping it`);
      c.closed = true;
      c.ws.terminate();
      continue;
    }
    c.alive = false;
    if (c.ws.readyState === WebSocket.OPEN) c.ws.ping();
  }
}
