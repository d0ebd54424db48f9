// Where the page's own controls are on screen (every element marked data-page-control: the dock, the strip, notices,
// the reader button, the kiosk prompt), kept in the store so the camera frames panels clear of them.
import { useEffect } from 'react';
import { useExhibitStore } from '../state/context.tsx';

export function usePageControls(root: () => HTMLElement | null): void {
  const store = useExhibitStore();
  useEffect(() => {
    const el = root();
    if (!el) return;
    let frame = 0;
    const sizes = new ResizeObserver(() => schedule());
    const observed = new Set<Element>();
    const measure = (): void => {
      frame = 0;
      const rects = [];
      for (const c of el.querySelectorAll('[data-page-control]')) {
        if (!observed.has(c)) {
          observed.add(c);
          sizes.observe(c);
        }
        const r = c.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) rects.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
      }
      store.getState().setControls(rects);
    };
    function schedule(): void {
      if (frame === 0) frame = requestAnimationFrame(measure);
    }
    const added = new MutationObserver(schedule);
    added.observe(el, { childList: true, subtree: true });
    window.addEventListener('resize', schedule);
    measure();
    return () => {
      cancelAnimationFrame(frame);
      sizes.disconnect();
      added.disconnect();
      window.removeEventListener('resize', schedule);
    };
  }, [root, store]);
}
