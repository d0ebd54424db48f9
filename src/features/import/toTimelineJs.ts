// The reverse of toScenes.ts: an exhibit as TimelineJS3 JSON in one of its languages, so a curator can show the
// same content in TimelineJS3 on a plain web page. Pure. Every milestone becomes an event (its headline the
// milestone's title, its text the paragraphs, list and closing paragraphs as HTML, its dates the precise ones when
// the import kept them), the title slide carries the exhibit's title and intro, the eras of an import come back as eras.
import { say } from '../../content/format.ts';
import type { DateParts, Exhibit } from '../../content/schema.ts';
import { escapeHtml, partsToHtml } from './html.ts';

interface TlJsonDate {
  year: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  display_date?: string;
}

function jsonDate(d: DateParts): TlJsonDate {
  const out: TlJsonDate = { year: d.year };
  if (d.month !== undefined) out.month = d.month;
  if (d.day !== undefined) out.day = d.day;
  const hm = d.time ? /^(\d{1,2}):(\d{2})/.exec(d.time) : null;
  if (hm) {
    out.hour = Number(hm[1]);
    out.minute = Number(hm[2]);
  }
  return out;
}

/** TimelineJS3 JSON of `exhibit` in `lang`; `mediaUrl` turns a media file of the scenes folder into the URL the page should use. */
export function exhibitToTimelineJs(
  exhibit: Exhibit,
  lang: string,
  mediaUrl: (file: string) => string = (f) => f,
): Record<string, unknown> {
  const { content } = exhibit;
  const events = content.milestones.map((m) => {
    const start = m.date?.start ?? { year: m.start };
    const end = m.date?.end ?? (m.end !== null && m.end !== m.start ? { year: m.end } : undefined);
    const listStyle = m.listStyle[lang] ?? 'bullet';
    const text = partsToHtml({
      body: m.body.map((p) => say(p, lang)),
      items: m.items.map((p) => say(p, lang)),
      listStyle,
      after: m.after.map((p) => say(p, lang)),
    });
    // The sources as a line of bare links, which the importer reads back as sources, not as a paragraph.
    const sources = (m.sources ?? []).map((u) => `<p><a href="${escapeHtml(u)}">${escapeHtml(u)}</a></p>`).join('');
    const event: Record<string, unknown> = {
      start_date: jsonDate(start),
      ...(end ? { end_date: jsonDate(end) } : {}),
      display_date: say(m.label, lang),
      text: { headline: escapeHtml(say(m.title, lang)), text: text + sources },
      unique_id: m.sourceId ?? m.id,
    };
    if (m.group) event.group = say(m.group, lang);
    const media = m.media?.[0];
    if (media && (media.file ?? media.remote)) {
      event.media = {
        url: media.file ? mediaUrl(media.file) : media.remote,
        ...(media.caption ? { caption: escapeHtml(say(media.caption, lang)) } : {}),
        ...(media.credit ? { credit: escapeHtml(media.credit) } : {}),
        ...(media.alt ? { alt: say(media.alt, lang) } : {}),
      };
    }
    if (m.number === undefined || exhibit.content.kind === 'events') event.background = { color: m.accent };
    return event;
  });
  const out: Record<string, unknown> = {
    title: { text: { headline: escapeHtml(say(exhibit.exhibit.title, lang)), text: `<p>${escapeHtml(say(content.intro, lang))}</p>` } },
    events,
  };
  if (content.eras?.length) {
    out.eras = content.eras.map((e) => ({
      start_date: { year: e.start },
      end_date: { year: e.end },
      text: { headline: escapeHtml(say(e.title, lang)) },
    }));
  }
  return out;
}
