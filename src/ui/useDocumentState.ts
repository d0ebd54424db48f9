// Mirror the exhibit's state onto <html>: lang, and data-ready="1" while the current view has been drawn
// (tests and kiosk tooling wait for it; networkidle never fires once troika has loaded).
import { useEffect } from 'react';
import { useExhibit } from '../state/context.tsx';

export function useDocumentState(): void {
  const ready = useExhibit((s) => s.drawn[s.view]);
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
}
