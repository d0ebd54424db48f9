// Mirror the exhibit's state onto <html>: lang, and data-ready="1" while the current view has been drawn
// (tests and kiosk tooling wait for it; networkidle never fires once troika has loaded).
import { useEffect } from 'react';
import { useExhibit } from '../state/context.tsx';

export function useDocumentState(): void {
  const ready = useExhibit((s) => s.drawn[s.view]);
  const firstView = useExhibit((s) => s.firstViewDrawn || s.drawn[s.view]);
  const entrance = useExhibit((s) => s.entranceDrawn || s.drawn[s.view]);
  const language = useExhibit((s) => s.language);
  const view = useExhibit((s) => s.view);
  useEffect(() => {
    document.documentElement.lang = language === 'en' ? 'en' : 'zh-Hans';
  }, [language]);
  useEffect(() => {
    document.documentElement.dataset.view = view;
  }, [view]);
  useEffect(() => {
    document.documentElement.dataset.ready = ready ? '1' : '0';
  }, [ready]);
  // data-first-view="1": the entrance and the first era are readable (the rest of the corridor's text may still be
  // building); data-ready="1" follows once every text is drawn.
  useEffect(() => {
    document.documentElement.dataset.firstView = firstView ? '1' : '0';
  }, [firstView]);
  // data-entrance="1": the entrance banner is readable (built before anything else).
  useEffect(() => {
    document.documentElement.dataset.entrance = entrance ? '1' : '0';
  }, [entrance]);
}
