// Reading a TimelineJS3 timeline: its JSON format and its Google Sheets template exported as CSV. Pure: the text of
// the file comes in, a checked Timeline (or an ImportError naming the file, the line and the field) comes out.
//
// JSON: { title?, events: [...], eras?: [...], scale?: "human" | "cosmological" }; a slide has start_date / end_date
// ({ year, month?, day?, hour?, minute?, second?, display_date? }; years as numbers or strings, negative = BCE),
// text { headline, text }, media { url, caption, credit, alt, thumbnail }, group, display_date, unique_id, background.
// CSV: one row per slide with the template's columns (Year, Month, Day, Time, End Year … Type, Group, Background, Alt Text);
// Type "title" is the title slide, "era" an era.
import { closest } from '../../content/suggest.ts';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';

export interface TlDate {
  year: number;
  month?: number;
  day?: number;
  /** The time of day as the source writes it ("14:30"), kept for a round trip. */
  time?: string;
}

export interface TlMedia {
  url: string;
  caption?: string;
  credit?: string;
  alt?: string;
  thumbnail?: string;
}

export interface TlSlide {
  /** Where the slide is written: the JSON line of its `{`, or the CSV row's first line. */
  line: number;
  start?: TlDate;
  end?: TlDate;
  displayDate?: string;
  /** HTML, as TimelineJS3 takes it. */
  headline: string;
  text: string;
  group?: string;
  uniqueId?: string;
  media?: TlMedia;
  background?: { url?: string; color?: string };
}

export interface Timeline {
  file: string;
  title?: TlSlide;
  events: TlSlide[];
  eras: TlSlide[];
}

export interface ImportProblem {
  file: string;
  line: number;
  /** Where in the source: `events[3].start_date.month`, or a CSV column: `row 5, Month`. */
  field: string;
  message: string;
}

export class ImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message}`).join('\n'));
    this.name = 'ImportError';
  }
}

/** The columns of TimelineJS3's spreadsheet template, in its order (Alt Text is the newer one). */
export const CSV_COLUMNS = [
  'Year',
  'Month',
  'Day',
  'Time',
  'End Year',
  'End Month',
  'End Day',
  'End Time',
  'Display Date',
  'Headline',
  'Text',
  'Media',
  'Media Credit',
  'Media Caption',
  'Media Thumbnail',
  'Type',
  'Group',
  'Background',
  'Alt Text',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
/** Columns a CSV must have to be read as a TimelineJS3 sheet. */
const REQUIRED_COLUMNS: readonly Column[] = ['Year', 'Headline'];

/** A collector of problems for one file. */
class Problems {
  readonly list: ImportProblem[] = [];
  constructor(readonly file: string) {}
  add(line: number, field: string, message: string): void {
    this.list.push({ file: this.file, line, field, message });
  }
  throwIfAny(): void {
    if (this.list.length) throw new ImportError(this.list);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A whole number from a number or a numeric string ("1969", "-500", " 7 "); undefined for empty; NaN for anything else. */
function wholeNumber(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return Number.isInteger(v) ? v : NaN;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return undefined;
    return /^[-+]?\d+$/.test(t) ? Number(t) : NaN;
  }
  return NaN;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

/** Days in a month of a (proleptic Gregorian) year. */
function daysIn(year: number, month: number): number {
  return [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

/** Checks and builds a date from its parts; reports each bad part at `field.<part>`. */
function makeDate(
  parts: { year: unknown; month?: unknown; day?: unknown; time?: unknown },
  p: Problems,
  line: number,
  field: (part: string) => string,
): TlDate | undefined {
  const year = wholeNumber(parts.year);
  const month = wholeNumber(parts.month);
  const day = wholeNumber(parts.day);
  let ok = true;
  if (year === undefined) {
    p.add(line, field('year'), 'a date needs a year (a whole number; negative for BCE, e.g. -500)');
    ok = false;
  } else if (Number.isNaN(year)) {
    p.add(line, field('year'), `year ${JSON.stringify(parts.year)} is not a whole number (write e.g. 1969, or -500 for 500 BCE)`);
    ok = false;
  }
  if (month !== undefined && (Number.isNaN(month) || month < 1 || month > 12)) {
    p.add(line, field('month'), `month ${JSON.stringify(parts.month)} is not 1 to 12`);
    ok = false;
  }
  if (day !== undefined) {
    if (month === undefined && !Number.isNaN(day)) {
      p.add(line, field('day'), 'a day needs a month');
      ok = false;
    } else if (Number.isNaN(day) || day < 1 || day > (month && year !== undefined && !Number.isNaN(year) ? daysIn(year, month) : 31)) {
      p.add(line, field('day'), `day ${JSON.stringify(parts.day)} is not a day of that month`);
      ok = false;
    }
  }
  if (!ok || year === undefined) return undefined;
  const d: TlDate = { year };
  if (month !== undefined) d.month = month;
  if (day !== undefined) d.day = day;
  const time = str(parts.time);
  if (time !== undefined) d.time = time;
  return d;
}

// ---------------------------------------------------------------------------------------------
// JSON

/** The line of each JSON node (JSON is YAML 1.2: the yaml parser gives positions; JSON.parse gives the data). */
function jsonLines(text: string): (path: readonly (string | number)[]) => number {
  const lc = new LineCounter();
  let doc: ReturnType<typeof parseDocument> | undefined;
  try {
    doc = parseDocument(text, { lineCounter: lc, strict: false, uniqueKeys: false });
  } catch {
    doc = undefined;
  }
  return (path) => {
    let node: unknown = doc?.contents;
    let lastRange: [number, number, number] | undefined;
    for (const seg of path) {
      const r = (node as { range?: [number, number, number] } | undefined)?.range;
      if (r) lastRange = r;
      if (isMap(node)) {
        const pair = node.items.find((it) => (isScalar(it.key) ? String(it.key.value) : String(it.key)) === String(seg));
        node = pair?.value;
        const kr = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (kr) lastRange = kr;
      } else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
      else break;
    }
    const r = (node as { range?: [number, number, number] } | undefined)?.range ?? lastRange;
    return r ? lc.linePos(r[0]).line : 1;
  };
}

function jsonSyntaxLine(text: string, message: string): number {
  const pos = /position (\d+)/.exec(message)?.[1];
  const lineCol = /line (\d+)/.exec(message)?.[1];
  if (lineCol) return Number(lineCol);
  if (pos === undefined) return 1;
  return text.slice(0, Number(pos)).split('\n').length;
}

function slideFromJson(
  raw: unknown,
  where: string,
  path: Array<string | number>,
  lineOf: (p: readonly (string | number)[]) => number,
  p: Problems,
  kind: 'title' | 'event' | 'era',
): TlSlide | undefined {
  const line = lineOf(path);
  if (!isObj(raw)) {
    p.add(line, where, 'expected a slide: { "start_date": …, "text": { "headline": …, "text": … } }');
    return undefined;
  }
  const text = isObj(raw.text) ? raw.text : {};
  const slide: TlSlide = { line, headline: str(text.headline) ?? '', text: typeof text.text === 'string' ? text.text : '' };
  const date = (key: 'start_date' | 'end_date'): TlDate | undefined => {
    const d = raw[key];
    if (d === undefined || d === null) return undefined;
    const at = [...path, key];
    if (!isObj(d)) {
      p.add(lineOf(at), `${where}.${key}`, 'expected { "year": …, "month": …, "day": … }');
      return undefined;
    }
    const time = [d.hour, d.minute, d.second].some((x) => x !== undefined && x !== '')
      ? [d.hour, d.minute ?? 0, d.second]
          .filter((x) => x !== undefined && x !== '')
          .map((x) => String(x).padStart(2, '0'))
          .join(':')
      : undefined;
    const partLine = (part: string): number => lineOf(d[part] === undefined ? at : [...at, part]);
    const problemsBefore = p.list.length;
    const made = makeDate({ year: d.year, month: d.month, day: d.day, time }, p, lineOf(at), (part) => `${where}.${key}.${part}`);
    // Point each problem at its own part's line.
    for (const q of p.list.slice(problemsBefore)) q.line = partLine(q.field.split('.').pop() ?? '');
    if (made && key === 'start_date' && str(d.display_date)) slide.displayDate = str(d.display_date);
    return made;
  };
  const start = date('start_date');
  const end = date('end_date');
  if (start) slide.start = start;
  if (end) slide.end = end;
  if (kind !== 'title' && raw.start_date === undefined) {
    p.add(line, `${where}.start_date`, `${kind === 'era' ? 'an era' : 'an event'} needs a start_date with at least a year`);
  }
  if (kind === 'era' && raw.end_date === undefined) p.add(line, `${where}.end_date`, 'an era needs an end_date');
  if (kind === 'era' && !slide.headline) p.add(line, `${where}.text.headline`, 'an era needs a headline (its name)');
  if (kind === 'event' && !slide.headline && !slide.text.trim()) {
    p.add(line, `${where}.text`, 'an event needs a headline or a text');
  }
  const display = str(raw.display_date);
  if (display) slide.displayDate = display;
  const group = str(raw.group);
  if (group) slide.group = group;
  const id = str(raw.unique_id);
  if (id) slide.uniqueId = id;
  if (isObj(raw.media) && str(raw.media.url)) {
    const m = raw.media;
    slide.media = { url: str(m.url)! };
    for (const k of ['caption', 'credit', 'alt', 'thumbnail'] as const) {
      const v = str(m[k]);
      if (v) slide.media[k] = v;
    }
  }
  if (isObj(raw.background)) {
    const bg: { url?: string; color?: string } = {};
    const url = str(raw.background.url);
    const color = str(raw.background.color);
    if (url) bg.url = url;
    if (color) bg.color = color;
    slide.background = bg;
  }
  if (slide.start && slide.end && compareDates(slide.end, slide.start) < 0) {
    p.add(lineOf([...path, 'end_date']), `${where}.end_date`, 'ends before it starts');
  }
  return slide;
}

/** <0, 0, >0 as a is before, at or after b (missing parts count as the start of the year / month). */
export function compareDates(a: TlDate, b: TlDate): number {
  return a.year - b.year || (a.month ?? 1) - (b.month ?? 1) || (a.day ?? 1) - (b.day ?? 1);
}

/** Reads TimelineJS3 JSON. Throws ImportError with every problem found. */
export function parseTimelineJson(text: string, file: string): Timeline {
  const p = new Problems(file);
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const message = (e as Error).message;
    p.add(jsonSyntaxLine(text, message), '(file)', `not valid JSON: ${message}`);
    p.throwIfAny();
  }
  const lineOf = jsonLines(text);
  if (!isObj(data)) {
    p.add(1, '(file)', 'expected a TimelineJS3 timeline: { "title": …, "events": [ … ] }');
    p.throwIfAny();
  }
  const root = data as Record<string, unknown>;
  if (root.scale === 'cosmological') {
    p.add(
      lineOf(['scale']),
      'scale',
      'a cosmological timeline (millions or billions of years) cannot be walked as a corridor: this importer takes TimelineJS3\'s "human" scale only (years from -1000000 to 100000)',
    );
    p.throwIfAny();
  }
  if (!Array.isArray(root.events)) {
    p.add(lineOf(['events']), 'events', 'expected "events": [ … ], a list of slides');
    p.throwIfAny();
  }
  const events = (root.events as unknown[])
    .map((e, i) => slideFromJson(e, `events[${i}]`, ['events', i], lineOf, p, 'event'))
    .filter((s): s is TlSlide => s !== undefined);
  const eras = Array.isArray(root.eras)
    ? root.eras.map((e, i) => slideFromJson(e, `eras[${i}]`, ['eras', i], lineOf, p, 'era')).filter((s): s is TlSlide => s !== undefined)
    : [];
  const title = root.title !== undefined ? slideFromJson(root.title, 'title', ['title'], lineOf, p, 'title') : undefined;
  for (const [i, e] of events.entries()) {
    if (e.start && Math.abs(e.start.year) > 1_000_000) {
      p.add(e.line, `events[${i}].start_date.year`, 'years beyond a million cannot be walked (a cosmological scale): refused');
    }
  }
  if (events.length === 0 && p.list.length === 0) p.add(lineOf(['events']), 'events', 'the timeline has no events');
  p.throwIfAny();
  return { file, events, eras, ...(title ? { title } : {}) };
}

// ---------------------------------------------------------------------------------------------
// CSV

/** RFC 4180 rows, each with the line it starts on. Quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  const s = text.replace(/^\uFEFF/, '');
  let line = 1;
  let rowLine = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endRow = (): void => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
      i++;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += c;
    i++;
  }
  if (cell !== '' || cells.length) endRow();
  return rows;
}

/** Reads TimelineJS3's spreadsheet template exported as CSV. Throws ImportError with every problem found. */
export function parseTimelineCsv(text: string, file: string): Timeline {
  const p = new Problems(file);
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) {
    p.add(1, '(file)', 'the file is empty: expected a header row with the TimelineJS3 columns (Year, Month, Day, … Headline, Text, …)');
    p.throwIfAny();
  }
  const names = header!.cells.map((c) => c.trim());
  const index = new Map<Column, number>();
  names.forEach((name, i) => {
    const known = CSV_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (known) index.set(known, i);
    else if (name !== '') {
      const guess = closest(name, CSV_COLUMNS);
      p.add(
        header!.line,
        `column ${i + 1} "${name}"`,
        `not a TimelineJS3 column${guess ? ` (did you mean "${guess}"?)` : ''}; the columns are: ${CSV_COLUMNS.join(', ')}`,
      );
    }
  });
  for (const c of REQUIRED_COLUMNS)
    if (!index.has(c)) p.add(header!.line, `column "${c}"`, `missing: a TimelineJS3 sheet has the columns ${CSV_COLUMNS.join(', ')}`);
  p.throwIfAny();
  const get = (cells: string[], c: Column): string => {
    const i = index.get(c);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const events: TlSlide[] = [];
  const eras: TlSlide[] = [];
  let title: TlSlide | undefined;
  for (const [r, row] of rows.slice(1).entries()) {
    const rowNo = r + 2;
    const at = (c: string): string => `row ${rowNo}, ${c}`;
    const cells = row.cells;
    if (cells.every((c) => c.trim() === '')) continue;
    const type = get(cells, 'Type').toLowerCase();
    if (type !== '' && type !== 'title' && type !== 'era')
      p.add(row.line, at('Type'), `"${get(cells, 'Type')}" is not a type: leave it empty for an event, or write title or era`);
    const kind = type === 'title' ? 'title' : type === 'era' ? 'era' : 'event';
    const slide: TlSlide = { line: row.line, headline: get(cells, 'Headline'), text: get(cells, 'Text') };
    const columnOf: Record<string, Column> = { year: 'Year', month: 'Month', day: 'Day', time: 'Time' };
    const endColumnOf: Record<string, Column> = { year: 'End Year', month: 'End Month', day: 'End Day', time: 'End Time' };
    if (get(cells, 'Year') !== '') {
      const d = makeDate(
        { year: get(cells, 'Year'), month: get(cells, 'Month'), day: get(cells, 'Day'), time: get(cells, 'Time') },
        p,
        row.line,
        (part) => at(columnOf[part] ?? part),
      );
      if (d) slide.start = d;
    } else if (kind !== 'title') p.add(row.line, at('Year'), `${kind === 'era' ? 'an era' : 'an event'} needs a Year`);
    if (get(cells, 'End Year') !== '') {
      const d = makeDate(
        { year: get(cells, 'End Year'), month: get(cells, 'End Month'), day: get(cells, 'End Day'), time: get(cells, 'End Time') },
        p,
        row.line,
        (part) => at(endColumnOf[part] ?? part),
      );
      if (d) slide.end = d;
    } else if (kind === 'era') p.add(row.line, at('End Year'), 'an era needs an End Year');
    if (slide.start && slide.end && compareDates(slide.end, slide.start) < 0) p.add(row.line, at('End Year'), 'ends before it starts');
    if (kind === 'event' && !slide.headline && !slide.text) p.add(row.line, at('Headline'), 'an event needs a Headline or a Text');
    if (kind === 'era' && !slide.headline) p.add(row.line, at('Headline'), 'an era needs a Headline (its name)');
    const display = get(cells, 'Display Date');
    if (display) slide.displayDate = display;
    const group = get(cells, 'Group');
    if (group) slide.group = group;
    const media = get(cells, 'Media');
    if (media) {
      slide.media = { url: media };
      const extra: Array<[keyof TlMedia, Column]> = [
        ['caption', 'Media Caption'],
        ['credit', 'Media Credit'],
        ['alt', 'Alt Text'],
        ['thumbnail', 'Media Thumbnail'],
      ];
      for (const [k, c] of extra) if (get(cells, c)) slide.media[k] = get(cells, c);
    }
    const bg = get(cells, 'Background');
    if (bg) slide.background = /^#[0-9a-f]{3,8}$/i.test(bg) ? { color: bg } : { url: bg };
    if (kind === 'title') title ??= slide;
    else (kind === 'era' ? eras : events).push(slide);
  }
  if (events.length === 0 && p.list.length === 0) p.add(header!.line, '(file)', 'the sheet has no events (rows without a Type)');
  p.throwIfAny();
  return { file, events, eras, ...(title ? { title } : {}) };
}

/** Reads a timeline by its file name: .csv as the spreadsheet, anything else as JSON. */
export function parseTimeline(text: string, file: string): Timeline {
  return /\.csv$/i.test(file) ? parseTimelineCsv(text, file) : parseTimelineJson(text, file);
}
