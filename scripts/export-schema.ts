// Writes the JSON Schemas of the scene files (scenes/schema/*.json) for editors, from the zod schema.
// Run with `npm run schema`. tests/unit/content.schema-json.test.ts fails when the committed files are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ExhibitFile, MilestonesFile } from '../src/content/schema.ts';
import { TourFile } from '../src/content/tours.ts';

/** File name (in scenes/schema/) → its JSON text. Input side: fields with defaults are optional. */
export function generateSchemas(): Record<string, string> {
  const make = (schema: z.ZodType, title: string, description: string) =>
    `${JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }), title, description }, null, 2)}\n`;
  return {
    'exhibit.schema.json': make(
      ExhibitFile,
      'IAMM exhibit (scenes/exhibit.yaml)',
      'Generated from src/content/schema.ts by `npm run schema`; do not edit.',
    ),
    'milestones.schema.json': make(
      MilestonesFile,
      'IAMM milestones (scenes/milestones.yaml)',
      'Generated from src/content/schema.ts by `npm run schema`; do not edit.',
    ),
    'tour.schema.json': make(
      TourFile,
      'IAMM guided tour (scenes/tours/<id>.yaml)',
      'Generated from src/content/tours.ts by `npm run schema`; do not edit.',
    ),
  };
}

export const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../scenes/schema');

function main(): void {
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [name, json] of Object.entries(generateSchemas())) {
    writeFileSync(path.join(SCHEMA_DIR, name), json);
    console.log(`wrote ${path.relative(process.cwd(), path.join(SCHEMA_DIR, name))}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
