// The browser side of the live guide: one WebSocket to `/guide` on the page's own origin, reconnecting with
// backoff (reconnectDelay), every incoming message validated with the shared zod schemas (protocol.ts).
import { reconnectDelay } from './follow.ts';
import { parseServerMessage, type ClientMessage, type ServerMessage } from './protocol.ts';

export interface GuideSocketHandlers {
  /** The socket opened (send hello now). */
  onOpen(): void;
  /** A valid server message; invalid ones are dropped. */
  onMessage(message: ServerMessage): void;
  /** The socket closed (code from the server, e.g. 4001 bad secret). */
  onClose(code: number): void;
}

/** `ws(s)://<page origin + base>/guide`, from the page's own address. */
export function guideUrl(base: string = document.baseURI): string {
  const url = new URL('guide', base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  url.search = '';
  return url.href;
}

export class GuideSocket {
  private ws: WebSocket | null = null;
  private timer: number | null = null;
  private closed = false;

  constructor(
    private readonly handlers: GuideSocketHandlers,
    private readonly url: string = guideUrl(),
  ) {}

  /** Opens a socket after `delayMs` (replacing any pending attempt). */
  connect(delayMs = 0): void {
    if (this.closed) return;
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(
      () => {
        this.timer = null;
        this.open();
      },
      Math.max(0, delayMs),
    );
  }

  /** Reconnects after the backoff for attempt `attempt`, with jitter. */
  reconnect(attempt: number): void {
    this.connect(reconnectDelay(attempt, Math.random()));
  }

  send(message: ClientMessage): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
  }

  private open(): void {
    if (this.closed) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.handlers.onClose(1006);
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws === ws) this.handlers.onOpen();
    };
    ws.onmessage = (e: MessageEvent) => {
      if (this.ws !== ws || typeof e.data !== 'string') return;
      const parsed = parseServerMessage(e.data);
      if (parsed.ok) this.handlers.onMessage(parsed.message);
    };
    ws.onclose = (e: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (!this.closed) this.handlers.onClose(e.code);
    };
  }
}
