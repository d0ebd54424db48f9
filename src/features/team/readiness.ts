// What the event team's page says about one headset or screen: pure, from the server's devices message.
import type { DeviceEntry } from '../guide/protocol.ts';

export type DeviceFlag = 'old-version' | 'offline-incomplete' | 'no-status' | 'disconnected';

/** Why a device is not ready (empty: ready). An unknown server version flags nobody for their version. */
export function deviceFlags(device: DeviceEntry, serverVersion: string | null): DeviceFlag[] {
  const flags: DeviceFlag[] = [];
  if (!device.connected) flags.push('disconnected');
  if (device.status === null) {
    flags.push('no-status');
    return flags;
  }
  if (serverVersion !== null && device.status.version !== serverVersion) flags.push('old-version');
  if (!device.status.offline.complete) flags.push('offline-incomplete');
  return flags;
}

/** Megabytes with one decimal, e.g. 2.0. */
export function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/** Whole seconds between `then` and `now` (server times), never negative. */
export function secondsAgo(then: number, now: number): number {
  return Math.max(0, Math.round((now - then) / 1000));
}
