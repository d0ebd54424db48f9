// A scene file as the parser sees it (SceneFile): its YAML document, able to turn a data path into the file's line
// and column. Every problem — YAML syntax, schema (zod) or cross-check — becomes a SceneIssue that points at the
// offending line of the offending file, with a hint on how to fix it (hints.ts). All problems are collected, not
// just the first one. Pure: no node fs, no React.
import type { z } from 'zod';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { article, describe, emptyHint, fieldsAt, formatHint, missingHint, rootExample, show, syntaxHint, typeHint } from './hints.ts';
import { closest } from './suggest.ts';

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
