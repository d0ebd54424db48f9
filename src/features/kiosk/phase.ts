// The kiosk's current phase, for code outside the kiosk's component that must know whether the booth is idle (the
// event team's "apply the update now", src/features/team/KioskReporter.tsx). Written only by Kiosk.tsx.
import type { KioskPhase } from './machine.ts';

export const kioskPhase: { current: KioskPhase | null } = { current: null };

/** The kiosk is idle (its attract loop, nobody there): a reload would interrupt nobody. */
export function kioskIsIdle(): boolean {
  return kioskPhase.current === 'attract';
}
