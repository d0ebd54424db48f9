import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SCHEMA_DIR, generateSchemas } from '../../scripts/export-schema.ts';

describe('scenes/schema/*.json', () => {
  const generated = generateSchemas();

  it.each(Object.keys(generated))('%s is up to date (run `npm run schema` if not)', (name) => {
    expect(readFileSync(path.join(SCHEMA_DIR, name), 'utf8')).toBe(generated[name]);
  });

  it('makes defaulted fields optional (input side)', () => {
    const ms = JSON.parse(generated['milestones.schema.json']!);
    const milestone = ms.properties.milestones.items;
    expect(milestone.required).toEqual(expect.arrayContaining(['id', 'number', 'start', 'end', 'label', 'title', 'accent']));
    expect(milestone.required).not.toContain('items');
    expect(milestone.required).not.toContain('listStyle');
    expect(milestone.additionalProperties).toBe(false);
  });
});
