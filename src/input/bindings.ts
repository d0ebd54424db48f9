// One table of what each key means. Keyboard, pointer, controllers and hands all end up as these intents,
// so desktop and VR share the navigation logic.

/** Discrete things a visitor asks for. */
export type Intent = 'next' | 'previous' | 'first' | 'last';

/** Held keys that walk: which axis and which way. */
export type MoveBinding = { axis: 'forward' | 'right'; sign: 1 | -1 };

/**
 * Keys by `KeyboardEvent.code` where the position matters (WASD on any layout), by `KeyboardEvent.key`
 * where the letter does (N for next, P for previous).
 */
export const INTENT_KEYS: Readonly<Record<string, Intent>> = {
  n: 'next',
  N: 'next',
  PageDown: 'next',
  p: 'previous',
  P: 'previous',
  PageUp: 'previous',
  Home: 'first',
  End: 'last',
};

export const MOVE_CODES: Readonly<Record<string, MoveBinding>> = {
  KeyW: { axis: 'forward', sign: 1 },
  ArrowUp: { axis: 'forward', sign: 1 },
  KeyS: { axis: 'forward', sign: -1 },
  ArrowDown: { axis: 'forward', sign: -1 },
  KeyD: { axis: 'right', sign: 1 },
  ArrowRight: { axis: 'right', sign: 1 },
  KeyA: { axis: 'right', sign: -1 },
  ArrowLeft: { axis: 'right', sign: -1 },
};

/** Whether a key event belongs to a form control (typing, or arrows in a radio group) rather than the scene. */
export function isForControl(target: EventTarget | null): boolean {
  if (!target || !(target instanceof Element)) return false;
  return target.closest('input, select, textarea, [contenteditable="true"], [role="radiogroup"]') !== null;
}
