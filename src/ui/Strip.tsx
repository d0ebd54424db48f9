// The timeline strip at the top of the page: every era and the finale, in walking order and in proportion to
// their length in the corridor; the one the visitor is at is marked; a tap goes there. Layout: src/layout/strip.ts.
import { useMemo } from 'react';
import { pick } from '../content/format.ts';
import type { Exhibit } from '../content/schema.ts';
import { stripEntries } from '../layout/strip.ts';
import { accentOnDark } from '../theme.ts';
import { useExhibit } from '../state/context.tsx';

export function Strip({ exhibit }: { exhibit: Exhibit }) {
  const focusedId = useExhibit((s) => s.focusedId);
  const language = useExhibit((s) => s.language);
  const focus = useExhibit((s) => s.focus);
  const entries = useMemo(() => stripEntries(exhibit, focusedId), [exhibit, focusedId]);
  return (
    <nav className="strip" aria-label={pick(exhibit.exhibit.ui.strip, language, ' · ')} data-page-control="">
      <ol>
        {entries.map((e) => (
          <li key={e.id} style={{ flexGrow: Math.max(0.01, e.to - e.from), ['--accent' as string]: accentOnDark(e.accent) }}>
            <button
              type="button"
              className={e.kind}
              aria-current={e.active ? 'location' : undefined}
              data-id={e.id}
              onClick={() => focus(e.id, 'select')}
            >
              {e.kind === 'era' ? e.years : pick(e.label, language, ' · ')}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
