// Keyboard and pointer → intents and movement. Listens on the window (keys) and the canvas (drag to look).
import { useEffect } from 'react';
import type { MoveInput } from '../features/locomotion/motion.ts';
import { INTENT_KEYS, MOVE_CODES, isForControl, type Intent } from './bindings.ts';

export interface DesktopInput {
  /** Current walking axes from held keys; read every frame. */
  move: MoveInput;
  /** Look deltas (pixels) gathered since the last frame; the frame loop consumes and zeroes them. */
  lookDx: number;
  lookDy: number;
}

export function createDesktopInput(): DesktopInput {
  return { move: { forward: 0, right: 0 }, lookDx: 0, lookDy: 0 };
}

/**
 * Wire the window's keys and the canvas's pointer drags to `input` and `onIntent`.
 * `wake` asks the demand-driven frame loop for a frame.
 */
export function useDesktopInput(input: DesktopInput, canvas: HTMLElement | null, onIntent: (i: Intent) => void, wake: () => void): void {
  useEffect(() => {
    const held = new Set<string>();
    const recompute = (): void => {
      input.move.forward = 0;
      input.move.right = 0;
      for (const code of held) {
        const b = MOVE_CODES[code];
        if (b) input.move[b.axis] += b.sign;
      }
      input.move.forward = Math.max(-1, Math.min(1, input.move.forward));
      input.move.right = Math.max(-1, Math.min(1, input.move.right));
    };
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isForControl(e.target)) return;
      const intent = INTENT_KEYS[e.key];
      if (intent) {
        e.preventDefault();
        if (!e.repeat) onIntent(intent);
        return;
      }
      if (MOVE_CODES[e.code]) {
        e.preventDefault();
        held.add(e.code);
        recompute();
        wake();
      }
    };
    const onKeyUp = (e: KeyboardEvent): void => {
      if (held.delete(e.code)) recompute();
    };
    const release = (): void => {
      held.clear();
      recompute();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', release);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', release);
      release();
    };
  }, [input, onIntent, wake]);

  useEffect(() => {
    if (!canvas) return;
    let dragging: number | null = null;
    let lastX = 0;
    let lastY = 0;
    const down = (e: PointerEvent): void => {
      if (dragging !== null) return;
      dragging = e.pointerId;
      lastX = e.clientX;
      lastY = e.clientY;
    };
    const moveHandler = (e: PointerEvent): void => {
      if (e.pointerId !== dragging) return;
      input.lookDx += e.clientX - lastX;
      input.lookDy += e.clientY - lastY;
      lastX = e.clientX;
      lastY = e.clientY;
      wake();
    };
    const up = (e: PointerEvent): void => {
      if (e.pointerId === dragging) dragging = null;
    };
    canvas.addEventListener('pointerdown', down);
    window.addEventListener('pointermove', moveHandler);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
    return () => {
      canvas.removeEventListener('pointerdown', down);
      window.removeEventListener('pointermove', moveHandler);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
    };
  }, [input, canvas, wake]);
}
