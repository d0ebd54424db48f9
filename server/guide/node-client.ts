// A small Node WebSocket client for the guide endpoint: used by the tests and scripts/guide-load.ts (and usable
// for a command-line guide). It records every server message and can wait for one that matches.
import { WebSocket } from 'ws';
import { parseServerMessage, type ServerMessage } from '../../src/features/guide/protocol.ts';

export interface GuideClientOptions {
  /** Origin header to send (the endpoint refuses other origins than its own host). Default: the URL's http(s) origin. */
  origin?: string | null;
  /** For wss:// with a self-signed certificate. */
  rejectUnauthorized?: boolean;
  /** The local address to connect from (e.g. 127.0.0.2: "another machine" on loopback). */
  localAddress?: string;
  /** Host header to send instead of the URL's (tests of DNS rebinding). */
  host?: string;
  /** Validate every message with the zod schemas (default true); false only parses JSON (the load run's headsets). */
  validate?: boolean;
  /** Called for every message as it arrives (timing measurements). */
  onMessage?: (message: ServerMessage, receivedAt: number) => void;
}

/** JSON only, for a trusted server under load (the zod check would be measured as server latency). */
function trustedParse(text: string): { ok: true; message: ServerMessage } | { ok: false } {
  try {
    const message = JSON.parse(text) as ServerMessage;
    return typeof message === 'object' && message !== null && typeof message.type === 'string' ? { ok: true, message } : { ok: false };
  } catch {
    return { ok: false };
  }
}

export interface Closed {
  code: number;
  reason: string;
}

export class GuideClient {
  readonly messages: ServerMessage[] = [];
  /** Resolves when the socket closes. */
  readonly closed: Promise<Closed>;
  private waiters: Array<{ match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = [];

  private constructor(
    readonly ws: WebSocket,
    private readonly onMessageHook?: (message: ServerMessage, receivedAt: number) => void,
    validate = true,
  ) {
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('error', () => undefined); // surfaced through `connect`'s rejection or `closed`
    ws.on('message', (data) => {
      const receivedAt = performance.now();
      const parsed = validate ? parseServerMessage(String(data)) : trustedParse(String(data));
      if (!parsed.ok) return;
      this.messages.push(parsed.message);
      this.onMessageHook?.(parsed.message, receivedAt);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(parsed.message)) return true;
        w.resolve(parsed.message);
        return false;
      });
    });
  }

  /** Opens a socket to `url` (ws://host:port/guide) and resolves once it is open. */
  static connect(url: string, options: GuideClientOptions = {}): Promise<GuideClient> {
    const origin = options.origin === undefined ? url.replace(/^ws/, 'http').replace(/^(https?:\/\/[^/]+).*$/, '$1') : options.origin;
    const ws = new WebSocket(url, {
      ...(origin !== null ? { origin } : {}),
      ...(options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
      ...(options.host !== undefined ? { headers: { Host: options.host } } : {}),
    });
    const client = new GuideClient(ws, options.onMessage, options.validate ?? true);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (already received or still to come) that matches. */
  next<T extends ServerMessage['type']>(
    type: T,
    match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 3000,
    since = 0,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const test = (m: ServerMessage): boolean => m.type === type && match(m as Extract<ServerMessage, { type: T }>);
    const found = this.messages.slice(since).find(test);
    if (found) return Promise.resolve(found as Extract<ServerMessage, { type: T }>);
    return new Promise((resolve, reject) => {
      const waiter = {
        match: test,
        resolve: (m: ServerMessage) => (clearTimeout(timer), resolve(m as Extract<ServerMessage, { type: T }>)),
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no "${type}" message within ${timeoutMs} ms (got: ${this.messages.map((m) => m.type).join(', ') || 'nothing'})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): Promise<Closed> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }
}
