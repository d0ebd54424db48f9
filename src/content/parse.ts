// Parsing and checking of the scene files (scenes/*.yaml). Pure: no node fs, no React, so it
// runs in the vite plugin, in tests and (if ever needed) in the browser.
//
// Every problem — YAML syntax, schema (zod) or cross-check — becomes a SceneIssue that points
// at the offending line of the offending file, with a hint on how to fix it. All problems are
// collected, not just the first one.
import { closest } from './suggest.ts';
import { TOUR_ID } from './ids.ts';
import type { z } from 'zod';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import {
  DEFAULT_LANGUAGES,
  exhibitSchema,
  LANG_TAG_RE,
  MILESTONE_ID,
  MILESTONE_KINDS,
  sceneSchemas,
  UI_KEYS,
  type Exhibit,
  type MilestoneKind,
} from './schema.ts';

export interface SceneIssue {
  /** The scene file as the author knows it, e.g. "scenes/milestones.yaml". */
  file: string;
  /** 1-based line and column of the offending node. */
  line: number;
  column: number;
  /** Where in the data, e.g. "milestones[2].title.zh"; "" for a YAML syntax error. */
  path: string;
  message: string;
  /** How to fix it. */
  hint: string;
}

export type PathSegment = string | number;

/** One source file handed to the parser. */
export interface SceneSource {
  file: string;
  text: string;
}

/** `milestones[2].title.zh` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const s = String(seg);
      out += /^[A-Za-z_$][\w$]*$/.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

/** `scenes/milestones.yaml:42:7 milestones[2].title.zh: <message> (fix: <hint>)` */
export function formatIssue(issue: SceneIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return `${where}${issue.path ? ` ${issue.path}` : ''}: ${issue.message} (fix: ${issue.hint})`;
}

export class SceneError extends Error {
  readonly issues: SceneIssue[];

  constructor(issues: SceneIssue[]) {
    const n = issues.length;
    super(`${n} problem${n === 1 ? '' : 's'} in the scene files:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'SceneError';
    this.issues = issues;
  }
}

// ---------------------------------------------------------------------------------------------
// Locating nodes

type Doc = Document.Parsed;

interface Located {
  /** Whether the whole path exists in the document. */
  found: boolean;
  /** The node at the path (found) or the deepest existing ancestor (not found). */
  node: unknown;
  /** The key node through which `node` was reached, if it is the value of a map entry. */
  keyNode: unknown;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function rangeLength(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[1] - range[0] : 0;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function locate(doc: Doc, path: readonly PropertyKey[]): Located {
  let node: unknown = doc.contents;
  let keyNode: unknown = undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) return { found: false, node, keyNode };
      node = pair.value;
      keyNode = pair.key;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      node = node.items[seg];
      keyNode = undefined;
    } else {
      return { found: false, node, keyNode };
    }
  }
  return { found: true, node, keyNode };
}

/** The value of a key-value entry, or the key itself when the value is empty (`zh:`). */
function valueOffset(loc: Located): number {
  if (rangeLength(loc.node) > 0) return rangeStart(loc.node) ?? 0;
  return rangeStart(loc.keyNode) ?? rangeStart(loc.node) ?? 0;
}

/** For a missing key: the line of the parent map's own key (`title:`), or of the map itself (`- id: …`). */
function parentOffset(loc: Located): number {
  return rangeStart(loc.keyNode) ?? rangeStart(loc.node) ?? 0;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// The zod schema at a path (for "allowed fields" hints)

interface ZodDefLike {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
}

function defOf(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const def = defOf(s);
    if (def.innerType && ['default', 'prefault', 'nullable', 'optional', 'readonly', 'catch'].includes(def.type)) s = def.innerType;
    else break;
  }
  return s;
}

function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (!s) return undefined;
    const def = defOf(s);
    if (def.type === 'object' && def.shape) s = def.shape[String(seg)];
    else if (def.type === 'array' && def.element) s = def.element;
    else return undefined;
    if (s) s = unwrap(s);
  }
  return s;
}

function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(schema, path);
  if (!s) return [];
  const def = defOf(s);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function isBilingualAt(schema: z.ZodType, path: readonly PropertyKey[]): boolean {
  const f = fieldsAt(schema, path);
  return f.length === 2 && f.includes('zh') && f.includes('en');
}

// ---------------------------------------------------------------------------------------------
// One file

/**
 * Replaces the generic hint of a schema issue for one kind of file (e.g. tours, whose text is not
 * from the seed). Gets the zod issue code (or 'missing' for a missing field) and the data path;
 * undefined keeps the generic hint.
 */
export type HintOverride = (code: string, path: readonly PropertyKey[]) => string | undefined;

/** A parsed, not yet validated scene file, able to turn data paths into file positions. */
export class SceneFile {
  readonly issues: SceneIssue[] = [];
  readonly lineCounter = new LineCounter();
  readonly doc: Doc;
  /** The plain data, or undefined if the YAML itself is broken. */
  readonly data: unknown;
  readonly syntaxOk: boolean;

  constructor(
    readonly file: string,
    readonly text: string,
    private readonly hintOverride?: HintOverride,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    for (const err of this.doc.errors) {
      const message = `YAML syntax error: ${err.message.split('\n')[0]}`;
      const quote = err.code === 'MISSING_CHAR' ? /Missing closing (["'])quote/.exec(err.message)?.[1] : undefined;
      const open = quote ? openingQuote(text, err.pos[0], quote) : -1;
      if (open >= 0) {
        this.addAt(open, '', `${message}: the quote opened here is never closed`, `end the text with a closing ${quote}`);
      } else {
        this.addAt(err.pos[0], '', message, syntaxHint(err.code));
      }
    }
    this.syntaxOk = this.doc.errors.length === 0;
    let data: unknown = undefined;
    if (this.syntaxOk) {
      try {
        data = this.doc.toJS({ maxAliasCount: 1000 });
      } catch (e) {
        this.addAt(0, '', `YAML error: ${(e as Error).message}`, 'remove YAML aliases (*name) and anchors (&name); write the text out');
        this.syntaxOk = false;
      }
    }
    this.data = data;
  }

  pos(offset: number): { line: number; column: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  addAt(offset: number, path: string, message: string, hint: string): void {
    this.issues.push({ file: this.file, ...this.pos(offset), path, message, hint });
  }

  /** An issue about the value at `path` (or the key's line when the value is empty). */
  addValue(path: readonly PropertyKey[], message: string, hint: string): void {
    const loc = locate(this.doc, path);
    const offset = loc.found ? valueOffset(loc) : parentOffset(loc);
    this.addAt(offset, formatPath(path), message, hint);
  }

  /** An issue about the key at the end of `path` (unknown field). */
  addKey(path: readonly PropertyKey[], message: string, hint: string): void {
    const loc = locate(this.doc, path);
    const offset = rangeStart(loc.keyNode) ?? (loc.found ? valueOffset(loc) : parentOffset(loc));
    this.addAt(offset, formatPath(path), message, hint);
  }

  /** An issue about a missing key at the end of `path`: on the line of its parent. */
  addMissing(path: readonly PropertyKey[], message: string, hint: string): void {
    const loc = locate(this.doc, path.slice(0, -1));
    this.addAt(loc.found ? parentOffset(loc) : 0, formatPath(path), message, hint);
  }

  lineOf(path: readonly PropertyKey[]): number {
    const loc = locate(this.doc, path);
    return this.pos(loc.found ? valueOffset(loc) : parentOffset(loc)).line;
  }

  validate<S extends z.ZodType>(schema: S): z.output<S> | undefined {
    if (!this.syntaxOk) return undefined;
    const result = schema.safeParse(this.data);
    if (result.success) return result.data;
    for (const issue of result.error.issues) this.addZodIssue(schema, issue);
    return undefined;
  }

  sortIssues(): void {
    this.issues.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  private addZodIssue(schema: z.ZodType, issue: z.core.$ZodIssue): void {
    const before = this.issues.length;
    this.addGenericZodIssue(schema, issue);
    if (!this.hintOverride) return;
    const missing = issue.code === 'invalid_type' && valueAt(this.data, issue.path) === undefined;
    const hint = this.hintOverride(missing ? 'missing' : issue.code, issue.path);
    if (hint !== undefined) for (const added of this.issues.slice(before)) added.hint = hint;
  }

  private addGenericZodIssue(schema: z.ZodType, issue: z.core.$ZodIssue): void {
    const path = issue.path;
    const last = path[path.length - 1];
    const value = valueAt(this.data, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = fieldsAt(schema, path);
        for (const key of issue.keys) {
          const guess = closest(key, allowed);
          this.addKey(
            [...path, key],
            `unknown field \`${key}\``,
            `${guess ? `did you mean \`${guess}\`? ` : ''}the fields allowed here are: ${allowed.join(', ')}`,
          );
        }
        return;
      }
      case 'invalid_type': {
        const loc = locate(this.doc, path);
        const expected = issue.expected === 'int' ? 'whole number' : issue.expected;
        if (!loc.found && path.length > 0) {
          this.addMissing(path, `missing required field \`${String(last)}\``, missingHint(schema, path));
          return;
        }
        if (path.length === 0) {
          this.addValue(
            path,
            `expected a map of fields, got ${describe(value)}`,
            `the file must be a YAML map; it starts with lines like ${rootExample(schema)}`,
          );
          return;
        }
        this.addValue(path, `expected ${article(expected)}, got ${describe(value)}`, typeHint(schema, path, issue.expected, value));
        return;
      }
      case 'too_small': {
        if (issue.origin === 'string') {
          this.addValue(path, issue.message.startsWith('Too small') ? 'must not be empty' : issue.message, emptyHint(last));
        } else if (issue.origin === 'array') {
          this.addValue(
            path,
            `needs at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}`,
            'add the missing entries as `- ` items',
          );
        } else {
          const above = issue.inclusive === false;
          this.addValue(
            path,
            `${describe(value)} is too small: must be ${above ? 'more than' : 'at least'} ${issue.minimum}`,
            above ? `use a value above ${issue.minimum}` : `use a value of ${issue.minimum} or more`,
          );
        }
        return;
      }
      case 'too_big': {
        const below = issue.inclusive === false;
        this.addValue(
          path,
          `${describe(value)} is too big: must be ${below ? 'less than' : 'at most'} ${issue.maximum}`,
          below ? `use a value below ${issue.maximum}` : `use a value of ${issue.maximum} or less`,
        );
        return;
      }
      case 'invalid_format': {
        this.addValue(path, `${show(value)} is not ${issue.message}`, formatHint(last));
        return;
      }
      case 'invalid_value': {
        const values = issue.values.map((v) => String(v));
        this.addValue(path, `${show(value)} is not one of: ${values.join(', ')}`, `use one of: ${values.join(', ')}`);
        return;
      }
      case 'custom': {
        const hint = (issue.params as { hint?: unknown } | undefined)?.hint;
        this.addValue(path, issue.message, typeof hint === 'string' ? hint : 'see the field descriptions in src/content/schema.ts');
        return;
      }
      default:
        this.addValue(path, issue.message, 'see the field descriptions in src/content/schema.ts');
    }
  }
}

/** Where an unclosed quoted scalar starts: the last unescaped quote before the error, which YAML reports at the end of the file. */
function openingQuote(text: string, before: number, quote: string): number {
  for (let i = Math.min(before, text.length) - 1; i >= 0; i--) {
    if (text[i] === quote && (quote === "'" || text[i - 1] !== '\\')) return i;
  }
  return -1;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describe(value);
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  return 'a map';
}

function rootExample(schema: z.ZodType): string {
  const fields = fieldsAt(schema, []);
  return fields
    .slice(0, 2)
    .map((f) => `\`${f}:\``)
    .join(' and ');
}

function syntaxHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'the same key appears twice in one map; remove or rename one of them';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation of this line against its siblings and close any open quote, [ or {';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a line is missing its `key:` or its indentation; text containing ": " must be in double quotes';
    case 'BAD_SCALAR_START':
    case 'UNEXPECTED_TOKEN':
      return 'wrap text that contains ": " or " #", or starts with a special character (" \' # [ { * & ! | > % @ `), in double quotes';
    case 'MULTIPLE_DOCS':
      return 'a scene file holds one document: remove the extra `---`';
    default:
      return 'check the indentation and the quoting on this line; text containing ": " or " #" must be in double quotes';
  }
}

function missingHint(schema: z.ZodType, path: readonly PropertyKey[]): string {
  const key = String(path[path.length - 1]);
  if (key === 'zh') return 'add a `zh:` line with the Chinese text from the seed';
  if (key === 'en') return 'add an `en:` line with the English text from the seed';
  if (path[0] === 'ui' && path.length === 2)
    return `add \`${key}:\` under \`ui:\` with a \`zh:\` and an \`en:\` line: the words the interface shows`;
  if (isBilingualAt(schema, path)) return `add \`${key}:\` with a \`zh:\` and an \`en:\` line indented under it`;
  switch (key) {
    case 'id':
      return 'add `id:` with the era\'s years in quotes, e.g. `id: "2023-2024"`, `id: "2022"` or `id: "2026-onward"`';
    case 'number':
      return 'add `number:` with the ordinal the seed gives the era, (1) … (5)';
    case 'start':
      return 'add `start:` with the first year of the era, e.g. `start: 2023`';
    case 'end':
      return 'add `end:` with the last year of the era, or `end: null` for an open-ended era';
    case 'accent':
      return 'add `accent: "#4cc9f0"` (any colour as # and six hex digits, in quotes)';
    default: {
      const s = schemaAt(schema, path);
      const type = s ? defOf(s).type : undefined;
      return `add a \`${key}:\` line here${type ? ` (${type === 'object' ? 'a map of fields' : type === 'array' ? 'a list' : article(type)})` : ''}`;
    }
  }
}

function typeHint(schema: z.ZodType, path: readonly PropertyKey[], expected: string, value: unknown): string {
  const key = String(path[path.length - 1]);
  if ((expected === 'number' || expected === 'int') && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return `write the number without quotes: \`${key}: ${value.trim()}\``;
  }
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `put the text in double quotes, or YAML reads it as a ${typeof value}: \`${key}: "${String(value)}"\``;
  }
  if (expected === 'string' && value === null) return `write the text after \`${key}:\` (copy it from the seed)`;
  if (expected === 'object' && isBilingualAt(schema, path)) {
    return `write \`${key}:\` as two indented lines, \`zh:\` with the Chinese and \`en:\` with the English text`;
  }
  if (expected === 'object') return `write \`${key}:\` as a map of indented \`field: value\` lines`;
  if (expected === 'array') return `write \`${key}:\` as a list, one \`- \` entry per line`;
  if (key === 'end') return 'use the last year of the era, or `null` for an open-ended era';
  if (expected === 'int') return 'use a whole number';
  return `use ${article(expected)} here`;
}

function emptyHint(last: PropertyKey | undefined): string {
  if (last === 'zh') return 'copy the Chinese text from the seed after `zh:`';
  if (last === 'en') return 'copy the English text from the seed after `en:`';
  return 'fill in the text, or remove the field if it is optional';
}

function formatHint(last: PropertyKey | undefined): string {
  if (last === 'accent') return 'write # and six hex digits in double quotes (a bare # starts a YAML comment), e.g. `accent: "#4cc9f0"`';
  if (last === 'id') return 'use the era\'s years in double quotes: `"2022"`, `"2023-2024"` or `"2026-onward"`';
  return 'see the field descriptions in src/content/schema.ts';
}

// ---------------------------------------------------------------------------------------------
// Cross-checks

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks across an imported timeline's events: unique ids, in chronological order, each ending after it starts. */
function crossCheckEvents(f: SceneFile): void {
  const ms = isObj(f.data) ? f.data.milestones : undefined;
  if (!Array.isArray(ms)) return;
  const seen = new Map<string, number>();
  ms.forEach((m: unknown, i) => {
    if (!isObj(m)) return;
    const at = (...rest: PathSegment[]) => ['milestones', i, ...rest];
    if (typeof m.id === 'string') {
      const first = seen.get(m.id);
      if (first !== undefined) {
        f.addValue(at('id'), `duplicate id "${m.id}": already used by milestones[${first}]`, 'every event needs its own id');
      } else seen.set(m.id, i);
    }
    if (isInt(m.start) && isInt(m.end) && m.end < m.start) {
      f.addValue(at('end'), `end ${m.end} is before start ${m.start}`, 'an event ends in or after the year it starts');
    }
    const prev = i > 0 ? ms[i - 1] : undefined;
    if (isObj(prev) && isInt(prev.start) && isInt(m.start) && m.start < prev.start) {
      f.addValue(
        at('start'),
        `events out of order: ${m.start} comes after ${prev.start}`,
        'list the events in chronological order, earliest first',
      );
    }
  });
}

/** Checks across the milestones; tolerant of broken entries, so they run even when the schema fails. */
function crossCheckMilestones(f: SceneFile): void {
  const ms = isObj(f.data) ? f.data.milestones : undefined;
  if (!Array.isArray(ms)) return;
  const n = ms.length;
  const seen = new Map<string, number>();
  ms.forEach((m: unknown, i) => {
    if (!isObj(m)) return;
    const at = (...rest: PathSegment[]) => ['milestones', i, ...rest];
    const id = typeof m.id === 'string' ? m.id : undefined;

    if (isInt(m.number) && m.number !== i + 1) {
      f.addValue(
        at('number'),
        `number ${m.number} is out of sequence: this is era ${i + 1} of ${n}`,
        `number the eras 1, 2, 3 … in the order they are listed; this one is \`number: ${i + 1}\``,
      );
    }

    if (id !== undefined) {
      const first = seen.get(id);
      if (first !== undefined) {
        f.addValue(
          at('id'),
          `duplicate id "${id}": already used by milestones[${first}] on line ${f.lineOf(['milestones', first, 'id'])}`,
          'every era needs its own id, made of its years: e.g. "2022", "2023-2024", "2026-onward"',
        );
      } else seen.set(id, i);
    }

    const idMatch = id !== undefined ? MILESTONE_ID.exec(id) : null;
    if (idMatch) {
      const idStart = Number(idMatch[1]);
      const idEnd = idMatch[2] === undefined ? idStart : idMatch[2] === 'onward' ? null : Number(idMatch[2]);
      if (idEnd !== null && idEnd < idStart) {
        f.addValue(at('id'), `id "${id}" runs backwards`, 'write the earlier year first, e.g. "2023-2024"');
      }
      if (isInt(m.start) && m.start !== idStart) {
        f.addValue(
          at('start'),
          `start ${m.start} does not match id "${id}"`,
          `id "${id}" means \`start: ${idStart}\`; fix the year or the id`,
        );
      }
      if ((isInt(m.end) || m.end === null) && m.end !== idEnd) {
        f.addValue(
          at('end'),
          `end ${String(m.end)} does not match id "${id}"`,
          idEnd === null
            ? `id "${id}" is an open-ended era: write \`end: null\`, or give the id an end year`
            : `id "${id}" means \`end: ${idEnd}\`${m.end === null ? ' (an open-ended era has an id like "2026-onward")' : ''}; fix the year or the id`,
        );
      }
    }

    if (isInt(m.start) && isInt(m.end) && m.end < m.start) {
      f.addValue(at('end'), `end ${m.end} is before start ${m.start}`, 'an era ends in or after the year it starts; swap or fix the years');
    }

    if (m.end === null && i < n - 1) {
      f.addValue(
        at('end'),
        `only the last era may be open-ended (end: null), but this is era ${i + 1} of ${n}`,
        'give this era an end year, or make it the last era',
      );
    }

    const prev = i > 0 ? ms[i - 1] : undefined;
    if (isObj(prev) && isInt(prev.start) && isInt(m.start)) {
      const prevName = `milestones[${i - 1}]${typeof prev.id === 'string' ? ` ("${prev.id}")` : ''}`;
      if (m.start <= prev.start) {
        f.addValue(
          at('start'),
          `years out of order: starts in ${m.start}, not after the previous era ${prevName}, which starts in ${prev.start}`,
          'list the eras in chronological order, earliest first',
        );
      } else if (isInt(prev.end) && m.start <= prev.end) {
        f.addValue(
          at('start'),
          `years overlap: starts in ${m.start}, but the previous era ${prevName} runs until ${prev.end}`,
          `start this era in ${prev.end + 1} or later, or end the previous era earlier`,
        );
      }
    }

    // The label is the years phrase of the seed's heading: it names the era's years.
    if (isObj(m.label) && isInt(m.start)) {
      for (const lang of Object.keys(m.label)) {
        const label = m.label[lang];
        if (typeof label !== 'string') continue;
        const years = isInt(m.end) && m.end !== m.start ? [m.start, m.end] : [m.start];
        const missing = years.filter((y) => !label.includes(String(y)));
        if (missing.length) {
          f.addValue(
            at('label', lang),
            `label "${label}" does not mention the year ${missing.join(' and ')}`,
            'the label is the years phrase of the seed\'s heading, e.g. "2023—2024" (zh) / "2023–2024" (en); check it against start and end',
          );
        }
      }
    }
  });
}

function crossCheckExhibit(f: SceneFile, tourIds: readonly string[] | undefined): void {
  const kiosk = isObj(f.data) && isObj(f.data.kiosk) ? f.data.kiosk : undefined;
  if (
    kiosk &&
    tourIds &&
    typeof kiosk.attractTour === 'string' &&
    TOUR_ID.test(kiosk.attractTour) &&
    !tourIds.includes(kiosk.attractTour)
  ) {
    f.addValue(
      ['kiosk', 'attractTour'],
      `no tour "${kiosk.attractTour}" in scenes/tours/; known: ${tourIds.join(', ') || 'none'}`,
      'use the file name of a tour in scenes/tours/ without .yaml, e.g. `attractTour: highlights`, or remove the line to play the first tour',
    );
  }
  const corridor = isObj(f.data) && isObj(f.data.corridor) ? f.data.corridor : undefined;
  if (
    corridor &&
    typeof corridor.panelHeightM === 'number' &&
    typeof corridor.heightM === 'number' &&
    corridor.panelHeightM >= corridor.heightM
  ) {
    f.addValue(
      ['corridor', 'panelHeightM'],
      `panels (${corridor.panelHeightM} m) must be lower than the corridor (${corridor.heightM} m)`,
      'make panelHeightM smaller than heightM',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Parses and validates one scene file against a schema. Throws SceneError listing every problem. */
export function parseSceneFile<S extends z.ZodType>(schema: S, text: string, file: string): z.output<S> {
  const f = new SceneFile(file, text);
  const data = f.validate(schema);
  f.sortIssues();
  if (f.issues.length || data === undefined) throw new SceneError(f.issues);
  return data;
}

export interface ExhibitSources {
  exhibit: SceneSource;
  milestones: SceneSource;
  /** The ids of the tours in scenes/tours/ (their file names), to check `kiosk.attractTour`; omitted: not checked. */
  tourIds?: readonly string[];
}

/** The languages exhibit.yaml names (`languages: [en]`), when they are well formed; else IAMM's. */
export function declaredLanguages(data: unknown): readonly string[] {
  const l = isObj(data) ? data.languages : undefined;
  const ok = Array.isArray(l) && l.length >= 1 && l.length <= 2 && l.every((t) => typeof t === 'string' && LANG_TAG_RE.test(t));
  return ok && new Set(l).size === l.length ? (l as string[]) : DEFAULT_LANGUAGES;
}

/** The kind milestones.yaml declares (`kind: events`), when it is one; else `eras`. */
function declaredKind(data: unknown): MilestoneKind {
  const k = isObj(data) ? data.kind : undefined;
  return (MILESTONE_KINDS as readonly unknown[]).includes(k) ? (k as MilestoneKind) : 'eras';
}

/**
 * Interface words for a language the exhibit has but the ui: section does not (say "fr"): English, and a warning
 * for the build log. Mutates and returns the warnings.
 */
function fillInterfaceWords(exhibit: Exhibit['exhibit'], file: string): string[] {
  const warnings: string[] = [];
  for (const lang of exhibit.languages ?? DEFAULT_LANGUAGES) {
    let missing = 0;
    for (const key of UI_KEYS) {
      const words = exhibit.ui[key];
      if (words[lang] === undefined) {
        words[lang] = words.en ?? '';
        missing++;
      }
    }
    if (missing) {
      warnings.push(
        `${file}: no interface words in "${lang}" for ${missing} of ${UI_KEYS.length} keys: the interface shows them in English (add \`${lang}:\` lines under \`ui:\` to translate them)`,
      );
    }
  }
  return warnings;
}

/** Parses, validates and cross-checks both scene files; never throws. `warnings`: things the build log should say. */
export function checkExhibit(sources: ExhibitSources): { exhibit?: Exhibit; issues: SceneIssue[]; warnings: string[] } {
  const ex = new SceneFile(sources.exhibit.file, sources.exhibit.text);
  const ms = new SceneFile(sources.milestones.file, sources.milestones.text);
  const languages = declaredLanguages(ex.data);
  const kind = declaredKind(ms.data);
  const exhibit = ex.validate(exhibitSchema(languages));
  const content = ms.validate(sceneSchemas(languages, kind).MilestonesFile);
  if (ex.syntaxOk) crossCheckExhibit(ex, sources.tourIds);
  if (ms.syntaxOk) (kind === 'events' ? crossCheckEvents : crossCheckMilestones)(ms);
  ex.sortIssues();
  ms.sortIssues();
  const issues = [...ex.issues, ...ms.issues];
  if (issues.length || !exhibit || !content) return { issues, warnings: [] };
  const warnings = fillInterfaceWords(exhibit, sources.exhibit.file);
  return { exhibit: { exhibit, content }, issues, warnings };
}

/** Parses, validates and cross-checks both scene files. Throws SceneError listing every problem. */
export function parseExhibit(sources: ExhibitSources): Exhibit {
  const { exhibit, issues } = checkExhibit(sources);
  if (!exhibit) throw new SceneError(issues);
  return exhibit;
}
