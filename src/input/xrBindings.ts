// Controller buttons → the same intents as the keyboard (src/input/bindings.ts).
import type { Intent } from './bindings.ts';

/** Gamepad components by their WebXR input-profile ids. */
export const XR_BUTTON_INTENTS: Readonly<Record<'left' | 'right', Readonly<Record<string, Intent>>>> = {
  left: { 'x-button': 'next' },
  right: { 'a-button': 'next', 'b-button': 'previous' },
};

/**
 * The left controller's buttons that open and close the wrist menu. Quest apps put their menu on the left
 * controller's menu button (☰), but the Quest Browser keeps that one for itself; Y is the button Quest visitors reach
 * for instead. 'menu' is listed for runtimes that do pass the menu button on.
 */
export const XR_MENU_BUTTONS: readonly string[] = ['y-button', 'menu'];

/**
 * A live guide points at the line its right ray is on with the right grip (squeeze), as the desktop's Alt+click does;
 * the trigger stays "select" (src/input/point.ts says which line, and that a second press clears it).
 */
export const XR_POINT_HAND = 'right';
export const XR_POINT_BUTTON = 'xr-standard-squeeze';

/** Snap turn step and the smooth-walk speed in VR. */
export const SNAP_TURN_DEG = 30;
export const XR_WALK_SPEED_MPS = 1.5;

/**
 * Buttons that went down since the last frame. `held` remembers what was down (mutated), so a held button
 * fires once, not every frame.
 */
export function pressedSince(held: Set<string>, down: ReadonlySet<string>, out: string[]): string[] {
  out.length = 0;
  for (const id of down) if (!held.has(id)) out.push(id);
  held.clear();
  for (const id of down) held.add(id);
  return out;
}
