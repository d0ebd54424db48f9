// Keeps the 3D view alive through a lost WebGL context (a GPU reset, a driver update, the OS reclaiming memory).
// three.js keeps the scene and re-uploads it when the browser restores the context; the demand frame loop only
// needs a new frame then. The visitor's place (the rig) is untouched, so the view comes back at the same milestone.
// If the context is not back within RESTORE_WAIT_MS, `onGiveUp` (the text timeline takes over).
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';

/** How long a lost context may take to come back before the 3D view gives way to the text timeline. */
export const RESTORE_WAIT_MS = 5_000;

export function ContextGuard({ onGiveUp }: { onGiveUp: () => void }) {
  const canvas = useThree((s) => s.gl.domElement);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    let timer: number | undefined;
    const lost = (): void => {
      window.clearTimeout(timer);
      timer = window.setTimeout(onGiveUp, RESTORE_WAIT_MS);
    };
    const restored = (): void => {
      window.clearTimeout(timer);
      timer = undefined;
      // A frame now, and one after three has re-uploaded the text atlas.
      invalidate();
      requestAnimationFrame(() => invalidate());
    };
    canvas.addEventListener('webglcontextlost', lost);
    canvas.addEventListener('webglcontextrestored', restored);
    return () => {
      window.clearTimeout(timer);
      canvas.removeEventListener('webglcontextlost', lost);
      canvas.removeEventListener('webglcontextrestored', restored);
    };
  }, [canvas, invalidate, onGiveUp]);
  return null;
}
