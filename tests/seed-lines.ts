// The seed's sentences per language, for tests that look for them in the page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MARKER = /^\s*(?:•|\d+\.)\s+/;

/** Non-blank lines of the seed's Chinese and English halves, list markers stripped, whitespace folded. */
export function seedLines(): { zh: string[]; en: string[] } {
  const lines = readFileSync(path.join(root, 'tests/fixtures/seed.txt'), 'utf8').split('\n');
  const zhAt = lines.findIndex((l) => l.trim() === '中文(Chinese)');
  const enAt = lines.findIndex((l) => l.trim() === 'English(English Version)');
  const clean = (part: string[]): string[] => part.map((l) => fold(l.replace(MARKER, ''))).filter((l) => l.length > 0);
  return { zh: clean(lines.slice(0, enAt)), en: clean([...lines.slice(0, zhAt), ...lines.slice(enAt)]) };
}

export const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();
