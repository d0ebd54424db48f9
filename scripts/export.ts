// npm run export -- <scenes-dir> <timeline.json> [--lang en]
//
// Writes an exhibit as TimelineJS3 JSON (src/features/import/toTimelineJs.ts), in its first language or --lang;
// an exhibit in two languages also gets <timeline>.<other language>.json beside it. Media files keep their
// paths relative to the scenes folder (copy its media/ folder next to the JSON to show them in TimelineJS3).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadScenesFromDir } from '../build/load-scenes.ts';
import { formatIssue, SceneError } from '../src/content/parse.ts';
import { languagesOf } from '../src/content/schema.ts';
import { exhibitToTimelineJs } from '../src/features/import/toTimelineJs.ts';

export function runExport(scenesDir: string, outFile: string, lang?: string): string[] {
  const { exhibit } = loadScenesFromDir(scenesDir, path.join(scenesDir, '..', 'public'));
  const languages = languagesOf(exhibit);
  const first = lang ?? languages[0]!;
  if (!languages.includes(first)) throw new Error(`--lang ${first}: the exhibit's languages are ${languages.join(', ')}`);
  const written: string[] = [];
  for (const l of [first, ...(lang ? [] : languages.filter((x) => x !== first))]) {
    const file = l === first ? outFile : outFile.replace(/(\.json)?$/i, `.${l}.json`);
    writeFileSync(file, `${JSON.stringify(exhibitToTimelineJs(exhibit, l), null, 2)}\n`);
    written.push(file);
  }
  return written;
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { lang: { type: 'string' } } });
  if (positionals.length !== 2) {
    console.error('usage: npm run export -- <scenes-dir> <timeline.json> [--lang en]');
    process.exit(2);
  }
  try {
    for (const f of runExport(positionals[0]!, positionals[1]!, values.lang)) console.log(`wrote ${f}`);
  } catch (e) {
    console.error(e instanceof SceneError ? e.issues.map(formatIssue).join('\n') : (e as Error).message);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
