// Mirror the exhibit's state onto <html>: lang, and data-ready once the first view is drawn
// (tests and kiosk tooling wait for it; networkidle never fires once troika has loaded).
import { useEffect } from 'react';
import { useExhibit } from './store';

export function useDocumentState(): void {
  const ready = useExhibit((s) => s.ready);
  const language = useExhibit((s) => s.language);
  const view = useExhibit((s) => s.view);
  useEffect(() => {
    document.documentElement.lang = language === 'en' ? 'en' : 'zh-Hans';
  }, [language]);
  useEffect(() => {
    document.documentElement.dataset.view = view;
  }, [view]);
  useEffect(() => {
    if (ready) document.documentElement.dataset.ready = '1';
  }, [ready]);
}
