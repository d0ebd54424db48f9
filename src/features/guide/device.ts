// A headset's or screen's readiness for the event team (the `status` message, protocol.ts): which build it runs, whether
// its offline copy is complete, its language, view, kiosk or not, following or not. No personal data: the device is
// the tab's random id (the follower's clientId). Loaded only with the live guide's or the kiosk reporter's chunk.
//
// The offline copy is read by src/app/offlineCopy.ts (the service worker's precache against its manifest).
import { NO_OFFLINE_COPY, readOfflineCopy } from '../../app/offlineCopy.ts';
import { STATUS_INTERVAL_MS, type DeviceStatusFields, type DeviceView, type Status } from './protocol.ts';

/** Set by vite.config.ts: the build's version id (build/version.ts). */
declare const __IAMM_BUILD__: string | undefined;
export const BUILD_ID: string = typeof __IAMM_BUILD__ === 'string' ? __IAMM_BUILD__ : '0.0.0+dev';

export type OfflineCopy = DeviceStatusFields['offline'];
const NONE: OfflineCopy = NO_OFFLINE_COPY;

/** What the page knows of itself, besides the offline copy. */
export interface DeviceSelf {
  language: DeviceStatusFields['language'];
  view: DeviceView;
  kiosk: boolean;
  following: boolean | null;
}

const same = (a: DeviceStatusFields | null, b: DeviceStatusFields): boolean => a !== null && JSON.stringify(a) === JSON.stringify(b);

/** How often the offline copy is read again while connected (it fills in the background after the first visit). */
export const OFFLINE_POLL_MS = 10_000;

/**
 * Sends the status on connect and on change, never more than one per STATUS_INTERVAL_MS (a change within the interval
 * goes out at its end, the newest one only). The host calls `connected()` after each welcome, `changed()` when the page's
 * language, view or following changes, and `stop()` at the end.
 */
export class StatusReporter {
  private sent: DeviceStatusFields | null = null;
  private sentAt = -Infinity;
  private offline: OfflineCopy = NONE;
  private timer: number | null = null;
  private poll: number | null = null;
  private live = false;
  private stopped = false;

  constructor(
    private readonly self: () => DeviceSelf,
    private readonly send: (message: Status) => boolean,
    private readonly readOffline: () => Promise<OfflineCopy> = () => readOfflineCopy(),
  ) {}

  connected(): void {
    if (this.stopped) return;
    this.live = true;
    this.sent = null;
    this.sentAt = -Infinity;
    void this.refreshOffline();
    if (this.poll === null) this.poll = window.setInterval(() => void this.refreshOffline(), OFFLINE_POLL_MS);
  }

  disconnected(): void {
    this.live = false;
  }

  changed(): void {
    if (!this.live || this.stopped) return;
    const status = this.status();
    if (same(this.sent, status)) return;
    const wait = this.sentAt + STATUS_INTERVAL_MS - performance.now();
    if (wait > 0) {
      if (this.timer === null) {
        this.timer = window.setTimeout(() => {
          this.timer = null;
          this.changed();
        }, wait + 50);
      }
      return;
    }
    if (this.send({ type: 'status', ...status })) {
      this.sent = status;
      this.sentAt = performance.now();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) window.clearTimeout(this.timer);
    if (this.poll !== null) window.clearInterval(this.poll);
  }

  private status(): DeviceStatusFields {
    return { version: BUILD_ID, offline: this.offline, ...this.self() };
  }

  private async refreshOffline(): Promise<void> {
    this.offline = await this.readOffline();
    this.changed();
  }
}
