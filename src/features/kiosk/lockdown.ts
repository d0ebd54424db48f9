// Kiosk mode keeps the visitor inside the exhibit: no link leads out, no new window or tab opens, and the page
// does not navigate away (a reload is still allowed, e.g. by the operator). DOM only; returns an undo function.
//
// The content has no outside links (the DOI is text), and the 2D timeline's links are #milestone anchors in
// the same document; this is the safety net for anything added later.

/** Whether following `href` from `here` stays in this document (a #fragment of the same page). */
export function staysInDocument(href: string, here: string): boolean {
  try {
    const to = new URL(href, here);
    const from = new URL(here);
    return to.origin === from.origin && to.pathname === from.pathname && to.search === from.search;
  } catch {
    return false;
  }
}

interface NavigateEventLike extends Event {
  cancelable: boolean;
  navigationType: string;
  destination: { url: string; sameDocument: boolean };
}

export function installKioskLockdown(win: Window = window): () => void {
  const doc = win.document;
  const undo: Array<() => void> = [];
  const on = <K extends keyof DocumentEventMap>(type: K, fn: (e: DocumentEventMap[K]) => void): void => {
    doc.addEventListener(type, fn, true);
    undo.push(() => doc.removeEventListener(type, fn, true));
  };

  // Links: anything that would leave the document, or open another window, is not followed.
  const guardLink = (e: MouseEvent): void => {
    const a = e.target instanceof Element ? e.target.closest('a[href], area[href]') : null;
    if (!a) return;
    const href = a.getAttribute('href') ?? '';
    const target = a.getAttribute('target');
    const newWindow = (target !== null && target !== '' && target !== '_self') || e.ctrlKey || e.metaKey || e.shiftKey || e.button === 1;
    if (newWindow || a.hasAttribute('download') || !staysInDocument(href, win.location.href)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  on('click', guardLink);
  on('auxclick', guardLink);
  // No "open link in new tab" menu, no form posting elsewhere, no dragging a link out to the address bar.
  on('contextmenu', (e) => e.preventDefault());
  on('submit', (e) => e.preventDefault());
  on('dragstart', (e) => {
    if (e.target instanceof Element && e.target.closest('a[href]')) e.preventDefault();
  });

  // window.open: refused (returns null, as a popup blocker does).
  const originalOpen = win.open;
  win.open = () => null;
  undo.push(() => {
    win.open = originalOpen;
  });

  // Anything else that would load another document (script, a meta refresh added later): cancelled where the
  // browser has the Navigation API (Chromium). Reloads and same-document moves (#milestone) go through.
  const nav = (win as Window & { navigation?: EventTarget }).navigation;
  if (nav) {
    const onNavigate = (e: Event): void => {
      const n = e as NavigateEventLike;
      if (
        n.cancelable &&
        n.navigationType !== 'reload' &&
        !n.destination.sameDocument &&
        !staysInDocument(n.destination.url, win.location.href)
      ) {
        n.preventDefault();
      }
    };
    nav.addEventListener('navigate', onNavigate);
    undo.push(() => nav.removeEventListener('navigate', onNavigate));
  }
  return () => {
    for (const u of undo.splice(0)) u();
  };
}
