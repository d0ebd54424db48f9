// A TimelineJS3 timeline (one file per language) becomes a scenes folder: exhibit.yaml, milestones.yaml
// (`kind: events`) and tours/timeline.yaml through every event. Pure: the parsed timelines and the shipped
// interface words come in, the files' text comes out (scripts/import.ts writes them).
import { stringify } from 'yaml';
import { EVENT_ID, UI_KEYS, UI_LANGUAGES, type CorridorSettings, type Text, type UiKey } from '../../content/schema.ts';
import { chooseScale } from '../../layout/scale.ts';
import { plainText } from '../../content/markup.ts';
import { htmlToParts, htmlToPlain, type TextParts } from './html.ts';
import { compareDates, ImportError, type Timeline, type TlDate, type TlSlide } from './timelinejs.ts';

/** The words the interface ships with (scenes/exhibit.yaml of the IAMM exhibit: `ui:` and `hint:`). */
export interface InterfaceWords {
  ui: Record<UiKey, Text>;
  hint: Text;
}

export interface ImportOptions {
  /** One BCP 47 tag per timeline, in the same order. */
  languages: readonly string[];
  words: InterfaceWords;
  /** The corridor's proportions (IAMM's by default); the scale is chosen for the timeline. */
  corridor: Omit<CorridorSettings, 'scale' | 'metresPerYear' | 'bayM' | 'maxGapYears'>;
  /** The local copy of a media URL: a file name under the scenes folder's media/ (the CLI copies it), or null. */
  localMedia?: (url: string) => string | null;
}

export interface MediaEntry {
  event: string;
  url: string;
  /** media/<name> when a local copy was found. */
  file?: string;
}

export interface ImportResult {
  /** Relative path → file text. */
  files: Record<string, string>;
  media: MediaEntry[];
  warnings: string[];
  /** The corridor's scale as chosen. */
  scale: string;
  events: number;
}

/** Group colours (and the colour of events without a group), readable as accents on the dark corridor. */
export const GROUP_PALETTE = ['#4cc9f0', '#f59e0b', '#a78bfa', '#34d399', '#f472b6', '#60a5fa', '#fb7185', '#facc15'] as const;

/** An id from a text: lower-case ASCII letters and digits joined by "-" (accents folded), at most `max` characters. */
export function slug(s: string, max = 40): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

const yearSlug = (y: number): string => (y < 0 ? `${-y}bce` : String(y));

function monthName(month: number, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)));
  } catch {
    return String(month);
  }
}

/** A date as a reader of `lang` writes it: "20 July 1969", "500 BCE", "1969年7月20日", "公元前500年". */
export function dateLabel(d: TlDate, lang: string): string {
  if (/^zh(?:-|$)/i.test(lang)) {
    const y = d.year < 0 ? `公元前${-d.year}年` : `${d.year}年`;
    return `${y}${d.month ? `${d.month}月` : ''}${d.month && d.day ? `${d.day}日` : ''}`;
  }
  const y = d.year < 0 ? `${-d.year} BCE` : String(d.year);
  if (!d.month) return y;
  return `${d.day ? `${d.day} ` : ''}${monthName(d.month, lang)} ${y}`;
}

function label(s: TlSlide, lang: string): string {
  if (s.displayDate) return htmlToPlain(s.displayDate);
  if (!s.start) return '';
  const from = dateLabel(s.start, lang);
  return s.end && compareDates(s.end, s.start) !== 0 ? `${from} – ${dateLabel(s.end, lang)}` : from;
}

/** The two (or one) language versions of each event, paired by unique_id, else by order. */
function pairSlides(timelines: readonly Timeline[], warnings: string[]): TlSlide[][] {
  const [first, ...others] = timelines;
  if (!first) return [];
  const pairs = first.events.map((e) => [e]);
  for (const other of others) {
    const ids = first.events.map((e) => e.uniqueId);
    const byId = ids.every((id) => id !== undefined) && other.events.every((e) => e.uniqueId !== undefined);
    if (other.events.length !== first.events.length) {
      throw new ImportError([
        {
          file: other.file,
          line: 1,
          field: 'events',
          message: `${other.events.length} events, but ${first.file} has ${first.events.length}: the two languages must have the same events`,
        },
      ]);
    }
    if (byId) {
      other.events.forEach((e) => {
        const at = ids.indexOf(e.uniqueId ?? '');
        if (at < 0) {
          throw new ImportError([
            { file: other.file, line: e.line, field: 'unique_id', message: `"${e.uniqueId}" is not an event of ${first.file}` },
          ]);
        }
        pairs[at]!.push(e);
      });
    } else {
      warnings.push(
        `${other.file}: events paired with ${first.file} by their order (give both files the same unique_id per event to pair them by id)`,
      );
      other.events.forEach((e, i) => pairs[i]!.push(e));
    }
  }
  return pairs;
}

/** Per-language lists zipped into texts; lists of different lengths are joined into one entry each. */
function zipTexts(lists: readonly string[][], langs: readonly string[], what: string, warnings: string[]): Text[] {
  const n = lists[0]?.length ?? 0;
  if (lists.every((l) => l.length === n))
    return Array.from({ length: n }, (_, i) => Object.fromEntries(langs.map((l, j) => [l, lists[j]![i]!])));
  warnings.push(`${what}: the languages have different numbers of paragraphs or list items; each language's are joined into one`);
  const joined = lists.map((l) => l.join(' '));
  if (joined.some((j) => j === '')) {
    const fill = joined.find((j) => j !== '') ?? '';
    return fill ? [Object.fromEntries(langs.map((l, j) => [l, joined[j] || fill]))] : [];
  }
  return [Object.fromEntries(langs.map((l, j) => [l, joined[j]!]))];
}

/** One text in every language; a language without it takes the first that has it (null when none has). */
function textOf(values: ReadonlyArray<string | undefined>, langs: readonly string[]): Text | null {
  const fill = values.find((v) => v !== undefined && v !== '');
  if (fill === undefined) return null;
  return Object.fromEntries(langs.map((l, i) => [l, values[i] || fill]));
}

const YAML_OPTIONS = { lineWidth: 0 } as const;

function yamlFile(schema: string, comment: string, data: unknown): string {
  return `# yaml-language-server: $schema=${schema}\n${comment
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n')}\n${stringify(data, YAML_OPTIONS)}`;
}

/** The scenes folder of one timeline, or of two timelines that are the same events in two languages. */
export function timelineToScenes(timelines: readonly Timeline[], options: ImportOptions): ImportResult {
  const langs = options.languages;
  if (langs.length !== timelines.length) throw new Error(`${timelines.length} timeline files but ${langs.length} languages`);
  const warnings: string[] = [];
  const media: MediaEntry[] = [];
  const pairs = pairSlides(timelines, warnings);
  // Chronological, as TimelineJS3 shows them (a stable sort keeps same-date events in file order).
  const order = pairs.map((_, i) => i).sort((a, b) => compareDates(pairs[a]![0]!.start!, pairs[b]![0]!.start!) || a - b);
  const groups: string[] = [];
  const usedIds = new Set<string>();
  const milestones = order.map((i) => {
    const slides = pairs[i]!;
    const main = slides[0]!;
    const start = main.start!;
    const where = `${timelines[0]!.file}:${main.line}`;
    let id = main.uniqueId && EVENT_ID.test(main.uniqueId) ? main.uniqueId : '';
    if (!id) {
      const words = slug(htmlToPlain(main.headline));
      id = words ? `${yearSlug(start.year)}-${words}` : yearSlug(start.year);
    }
    for (let n = 2, base = id; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    const parts: TextParts[] = slides.map((s) => htmlToParts(s.text));
    const headlines = slides.map((s) => htmlToPlain(s.headline));
    const labels = slides.map((s, j) => label(s, langs[j]!));
    const titles = headlines.map((h, j) => h || plainText(parts[j]!.body[0] ?? '') || labels[j] || id);
    const group = textOf(
      slides.map((s) => s.group),
      langs,
    );
    const groupKey = main.group;
    if (groupKey && !groups.includes(groupKey)) groups.push(groupKey);
    const bg = main.background?.color;
    const accent =
      bg && /^#[0-9a-f]{6}$/i.test(bg) ? bg.toLowerCase() : GROUP_PALETTE[groupKey ? groups.indexOf(groupKey) % GROUP_PALETTE.length : 0]!;
    const m: Record<string, unknown> = {
      id,
      start: start.year,
      end: main.end ? main.end.year : start.year,
      label: Object.fromEntries(langs.map((l, j) => [l, labels[j] || String(start.year)])),
      title: Object.fromEntries(langs.map((l, j) => [l, titles[j]!])),
      accent,
    };
    const body = zipTexts(
      parts.map((p) => p.body),
      langs,
      `${where} (${id}) text`,
      warnings,
    );
    const items = zipTexts(
      parts.map((p) => p.items),
      langs,
      `${where} (${id}) list`,
      warnings,
    );
    const after = zipTexts(
      parts.map((p) => p.after),
      langs,
      `${where} (${id}) text after the list`,
      warnings,
    );
    if (body.length) m.body = body;
    if (items.length) {
      m.items = items;
      m.listStyle = Object.fromEntries(langs.map((l, j) => [l, parts[j]!.listStyle]));
    }
    if (after.length) m.after = after;
    const date: Record<string, TlDate> = { start };
    if (main.end) date.end = main.end;
    m.date = date;
    if (group) m.group = group;
    const links = [...new Set(parts.flatMap((p) => p.links))];
    if (links.length) m.sources = links;
    if (main.media) {
      const url = main.media.url;
      const local = options.localMedia?.(url) ?? null;
      media.push({ event: id, url, ...(local ? { file: local } : {}) });
      const entry: Record<string, unknown> = local ? { file: local } : { remote: url };
      const alt = textOf(
        slides.map((s) => (s.media?.alt ? htmlToPlain(s.media.alt) : undefined)),
        langs,
      );
      const caption = textOf(
        slides.map((s) => (s.media?.caption ? htmlToPlain(s.media.caption) : undefined)),
        langs,
      );
      if (alt) entry.alt = alt;
      if (caption) entry.caption = caption;
      if (main.media.credit) entry.credit = htmlToPlain(main.media.credit);
      if (local && !alt) warnings.push(`${where} (${id}): the picture ${url} has no alt text; the caption or the title stands in for it`);
      m.media = [entry];
    }
    if (main.uniqueId) m.sourceId = main.uniqueId;
    return m;
  });

  const eras = (timelines[0]?.eras ?? []).map((era, i) => ({
    title: textOf(
      timelines.map((t) => (t.eras[i] ? htmlToPlain(t.eras[i].headline) : undefined)),
      langs,
    )!,
    start: era.start!.year,
    end: era.end!.year,
  }));

  const titleSlides = timelines.map((t) => t.title);
  const fileTitle = (f: string): string => f.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  const title = Object.fromEntries(
    langs.map((l, j) => [
      l,
      htmlToPlain(titleSlides[j]?.headline ?? '') || htmlToPlain(titleSlides[0]?.headline ?? '') || fileTitle(timelines[j]!.file),
    ]),
  );
  const introParts = titleSlides.map((s) => (s ? htmlToParts(s.text) : undefined));
  const intro = Object.fromEntries(
    langs.map((l, j) => {
      const p = introParts[j];
      const text = p ? [...p.body, ...p.items, ...p.after].map(plainText).join(' ') : '';
      return [l, text || title[l]!];
    }),
  );

  const spans = milestones.map((m) => ({ start: m.start as number, end: m.end as number }));
  const choice = chooseScale(spans, { ...options.corridor, metresPerYear: 4 });
  const uiLangs = [
    ...new Set([...langs.filter((l) => UI_LANGUAGES.includes(l)), ...(langs.every((l) => UI_LANGUAGES.includes(l)) ? [] : ['en'])]),
  ];
  const ui = Object.fromEntries(
    UI_KEYS.map((k) => [k, Object.fromEntries(uiLangs.map((l) => [l, options.words.ui[k][l] ?? options.words.ui[k].en ?? '']))]),
  );
  const others = langs.filter((l) => !UI_LANGUAGES.includes(l));
  if (others.length)
    warnings.push(
      `the interface has no words in ${others.join(', ')}: it shows English (translate the \`ui:\` section of exhibit.yaml to change that)`,
    );
  const languageNames = Object.fromEntries(
    others.map((l) => {
      let name = l;
      try {
        name = new Intl.DisplayNames([l], { type: 'language' }).of(l) ?? l;
      } catch {
        name = l;
      }
      return [l, name.charAt(0).toLocaleUpperCase(l) + name.slice(1)];
    }),
  );

  const exhibit: Record<string, unknown> = {
    languages: [...langs],
    ...(others.length ? { languageNames } : {}),
    title,
    defaultLanguage: langs.length === 2 ? 'both' : langs[0],
    hint: Object.fromEntries(langs.map((l) => [l, options.words.hint[l] ?? options.words.hint.en ?? ''])),
    corridor: {
      scale: choice.scale,
      metresPerYear: choice.metresPerYear,
      openEndedYears: options.corridor.openEndedYears,
      ...(choice.bayM !== undefined ? { bayM: choice.bayM } : {}),
      ...(choice.maxGapYears !== undefined ? { maxGapYears: choice.maxGapYears } : {}),
      widthM: options.corridor.widthM,
      heightM: options.corridor.heightM,
      panelWidthM: options.corridor.panelWidthM,
      panelHeightM: options.corridor.panelHeightM,
    },
    ui,
  };
  const content = {
    kind: 'events',
    heading: title[langs[0]!]!,
    intro,
    milestones,
    ...(eras.length ? { eras } : {}),
  };
  const tour = {
    id: 'timeline',
    title,
    stops: milestones.map((m) => ({ milestone: m.id, dwellSeconds: 8, caption: m.title })),
  };
  const sources = timelines.map((t) => t.file).join(' and ');
  return {
    files: {
      'exhibit.yaml': yamlFile(
        './schema/exhibit.schema.json',
        `Imported from ${sources} by \`npm run import\`.\nThe corridor's scale was chosen so the walk to the far end takes under three minutes.`,
        exhibit,
      ),
      'milestones.yaml': yamlFile('./schema/milestones.schema.json', `The events of ${sources}, in chronological order.`, content),
      'tours/timeline.yaml': yamlFile('../schema/tour.schema.json', 'A tour through every event, in order.', tour),
    },
    media,
    warnings,
    scale: choice.scale,
    events: milestones.length,
  };
}
