// The hints of scene-file issues: how to fix each kind of problem, in words an author of scenes/*.yaml follows, from
// the zod schema at the offending path (its allowed fields, whether it is a zh/en pair) and the value found there.
// Pure: no node fs, no React.
import type { z } from 'zod';

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

export function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
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
// Values and hints

export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describe(value);
}

export function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  return 'a map';
}

export function rootExample(schema: z.ZodType): string {
  const fields = fieldsAt(schema, []);
  return fields
    .slice(0, 2)
    .map((f) => `\`${f}:\``)
    .join(' and ');
}

export function syntaxHint(code: string): string {
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

export function missingHint(schema: z.ZodType, path: readonly PropertyKey[]): string {
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

export function typeHint(schema: z.ZodType, path: readonly PropertyKey[], expected: string, value: unknown): string {
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

export function emptyHint(last: PropertyKey | undefined): string {
  if (last === 'zh') return 'copy the Chinese text from the seed after `zh:`';
  if (last === 'en') return 'copy the English text from the seed after `en:`';
  return 'fill in the text, or remove the field if it is optional';
}

export function formatHint(last: PropertyKey | undefined): string {
  if (last === 'accent') return 'write # and six hex digits in double quotes (a bare # starts a YAML comment), e.g. `accent: "#4cc9f0"`';
  if (last === 'id') return 'use the era\'s years in double quotes: `"2022"`, `"2023-2024"` or `"2026-onward"`';
  return 'see the field descriptions in src/content/schema.ts';
}
