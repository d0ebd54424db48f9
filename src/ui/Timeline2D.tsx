// The same content as semantic HTML: an ordered list of milestones, each an article with a heading.
// Shown instead of the 3D view on request (or without WebGL); otherwise kept for screen readers only.
import { memo, useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { headingText, itemMarker, pick, say, shownLangs, yearsText, type Lang } from '../content/format.ts';
import type { Exhibit, Milestone } from '../content/schema.ts';
import { languagesOf } from '../content/languages.ts';
import { langTag } from '../layout/panel.ts';
import { Marked } from './Marked.tsx';
import { EventDetails, EventKey, EventMedia, EventPicture } from './EventDetails.tsx';
import { accentOnPanel } from '../theme.ts';
import { FINALE_ID } from '../content/ids.ts';
import { useExhibit } from '../state/context.tsx';

/** The attributes of a highlightable element (src/layout/elements.ts id): its id, and whether the guide points at it. */
function el(id: string, highlight: string | null, label: string) {
  const on = id === highlight;
  return { 'data-element': id, className: on ? 'guide-highlight' : undefined, 'aria-description': on ? label : undefined };
}

/** One language's text of a milestone, as the panel has it (also the reader card's), with the guide's highlight. */
export function MilestoneColumn({
  m,
  lang,
  highlight = null,
  label = '',
}: {
  m: Milestone;
  lang: Lang;
  highlight?: string | null;
  label?: string;
}) {
  const List = m.listStyle[lang] === 'number' ? 'ol' : 'ul';
  return (
    <div className="lang-block" lang={langTag(lang)}>
      <h3 className="era-heading">{headingText(m, lang)}</h3>
      <EventDetails m={m} lang={lang} />
      {m.body.map((p, i) => (
        <p key={`b${i}`} {...el(`${m.id}.body${i}`, highlight, label)}>
          <Marked text={say(p, lang)} />
        </p>
      ))}
      {m.items.length > 0 && (
        <List className={`items items-${m.listStyle[lang]}`}>
          {m.items.map((it, i) => (
            <li key={i} data-marker={itemMarker(m, lang, i)} {...el(`${m.id}.item${i}`, highlight, label)}>
              <Marked text={say(it, lang)} />
            </li>
          ))}
        </List>
      )}
      {m.after.map((p, i) => (
        <p key={`a${i}`} {...el(`${m.id}.after${i}`, highlight, label)}>
          <Marked text={say(p, lang)} />
        </p>
      ))}
    </div>
  );
}

/**
 * One milestone of the list. Memoised: a step of a tour changes the focus, and only the two items whose `focused`
 * changes render again, not every milestone's text (the list is in the page, for screen readers, in the 3D view too).
 */
const MilestoneItem = memo(function MilestoneItem({
  m,
  langs,
  focused,
  focus,
  highlight,
  label,
  exhibit,
}: {
  m: Milestone;
  langs: readonly Lang[];
  focused: boolean;
  focus: (id: string, cause: 'link') => void;
  highlight: string | null;
  label: string;
  exhibit: Exhibit;
}) {
  return (
    <li data-id={m.id} style={{ ['--accent' as string]: accentOnPanel(m.accent) }}>
      <article aria-labelledby={`m-${m.id}`} aria-current={focused ? 'true' : undefined}>
        <h2 id={`m-${m.id}`} className="years">
          <a
            href={`#${m.id}`}
            onClick={(ev) => {
              ev.preventDefault();
              focus(m.id, 'link');
            }}
          >
            {yearsText(m)}
          </a>
        </h2>
        <EventPicture m={m} langs={langs} pictures={exhibit.pictures} />
        <EventMedia m={m} langs={langs} mediaFiles={exhibit.mediaFiles} />
        <div className={`columns columns-${langs.length}`}>
          {langs.map((l) => (
            <MilestoneColumn key={l} m={m} lang={l} highlight={highlight} label={label} />
          ))}
        </div>
      </article>
    </li>
  );
});

export function Timeline2D({ exhibit, visible }: { exhibit: Exhibit; visible: boolean }) {
  const language = useExhibit((s) => s.language);
  const focusedId = useExhibit((s) => s.focusedId);
  const focus = useExhibit((s) => s.focus);
  const langs = useMemo(() => shownLangs(language, languagesOf(exhibit)), [language, exhibit]);
  const { content, exhibit: e } = exhibit;
  const highlight = useExhibit((s) => s.guideHighlight);
  const pointMode = useExhibit((s) => s.pointMode);
  const pointAt = useExhibit((s) => s.pointAt);
  const listRef = useRef<HTMLOListElement>(null);
  const label = pick(e.ui.guideHighlighted, language, ' · ');

  useEffect(() => {
    if (!visible || !focusedId) return;
    listRef.current?.parentElement?.querySelector(`[data-id="${CSS.escape(focusedId)}"]`)?.scrollIntoView({ block: 'start' });
  }, [visible, focusedId]);
  // The guide points at a line: it scrolls into the middle of the view (after the milestone, so it wins).
  useEffect(() => {
    if (!visible || !highlight) return;
    listRef.current?.querySelector(`[data-element="${CSS.escape(highlight)}"]`)?.scrollIntoView({ block: 'center' });
  }, [visible, highlight, focusedId]);
  // A guide in point mode (or with Alt held) clicks a line to point at it for everyone.
  const onPoint = (ev: MouseEvent<HTMLOListElement>): void => {
    if (!pointMode && !ev.altKey) return;
    const target = ev.target instanceof Element ? ev.target.closest('[data-element]') : null;
    const id = target?.getAttribute('data-element');
    if (!id) return;
    ev.preventDefault();
    pointAt(id);
  };

  return (
    <section className={visible ? 'timeline' : 'timeline sr-only'} aria-labelledby="exhibit-title" id="timeline">
      <header className="timeline-header">
        <h1 id="exhibit-title">
          {langs.map((l) => (
            <span key={l} lang={langTag(l)} className="title-line">
              {say(e.title, l)}
            </span>
          ))}
        </h1>
        <p className="section-heading">{content.heading}</p>
        {langs.map((l) => (
          <div key={l} lang={langTag(l)} className="intro">
            {content.sectionNames && <h2 className="section-name">{say(content.sectionNames, l)}</h2>}
            <p>{say(content.intro, l)}</p>
          </div>
        ))}
        <EventKey content={content} langs={langs} />
      </header>
      {/* The click handler only serves a guide's pointing; keyboard users point with the guide panel's tools. */}
      <ol className="milestones" ref={listRef} onClick={onPoint} data-point-mode={pointMode || undefined}>
        {content.milestones.map((m) => (
          <MilestoneItem
            key={m.id}
            m={m}
            langs={langs}
            focused={m.id === focusedId}
            focus={focus}
            highlight={highlight}
            label={label}
            exhibit={exhibit}
          />
        ))}
      </ol>
      {content.closing && (
        <footer className="closing" data-id={FINALE_ID} aria-current={focusedId === FINALE_ID ? 'true' : undefined}>
          {langs.map((l) => (
            <div key={l} lang={langTag(l)}>
              <p>{say(content.closing?.lead, l)}</p>
              <p className="progression">{say(content.closing?.progression, l)}</p>
            </div>
          ))}
        </footer>
      )}
    </section>
  );
}
