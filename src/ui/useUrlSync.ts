// The URL follows the exhibit: #<milestone> for the focused milestone, ?lang= and ?view= for the choices;
// and a hash typed or followed later moves the visitor there.
import { useEffect } from 'react';
import type { Milestone } from '../content/schema.ts';
import { resolveHash } from '../state/navigation.ts';
import { FINALE_ID } from '../content/ids.ts';
import { useExhibitStore } from '../state/context.tsx';

export function useUrlSync(milestones: readonly Milestone[], defaultLanguage: string): void {
  const store = useExhibitStore();
  useEffect(() => {
    const write = (): void => {
      const s = store.getState();
      const url = new URL(window.location.href);
      if (s.language === defaultLanguage) url.searchParams.delete('lang');
      else url.searchParams.set('lang', s.language);
      if (s.view === '2d' && s.webglProblem === null) url.searchParams.set('view', '2d');
      else url.searchParams.delete('view');
      url.hash = s.focusedId ?? '';
      const next = url.href.replace(/#$/, '');
      // replaceState: walking the corridor must not fill the back button's history.
      if (next !== window.location.href) window.history.replaceState(null, '', next);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.focusedId !== prev.focusedId || s.language !== prev.language || s.view !== prev.view) write();
    });
    const onHash = (): void => {
      const hash = window.location.hash;
      if (hash === '' || hash === '#') return;
      const id = resolveHash(hash, milestones, FINALE_ID);
      if (id === null) store.getState().notify(`No milestone matches "${hash.slice(0, 24)}"`);
      else if (id !== store.getState().focusedId || hash !== `#${id}`) {
        store.getState().focus(id, 'link');
        // Refused (a live guide holds the group): the address goes back to where the visitor is.
        if (store.getState().focusedId !== id) write();
      }
    };
    // Normalise the opening URL: "#2023" becomes "#2023-2024", an unknown hash is dropped (its notice stays).
    write();
    window.addEventListener('hashchange', onHash);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', onHash);
    };
  }, [store, milestones, defaultLanguage]);
}
