// The bench's synthetic scene (scripts/synthetic-scene.ts): many milestones that the real content parser accepts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_MILESTONES, syntheticMilestones, writeSyntheticScenes } from '../../scripts/synthetic-scene.ts';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import { collectCharacters } from '../../src/text/glyphs.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'iamm-synthetic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('synthetic scene', () => {
  it('writes 200 milestones that pass the same parse and schema as scenes/', () => {
    expect(writeSyntheticScenes(dir)).toBe(SYNTHETIC_MILESTONES);
    const exhibit = loadExhibitFromDir(dir);
    const ms = exhibit.content.milestones;
    expect(ms).toHaveLength(200);
    expect(new Set(ms.map((m) => m.id)).size).toBe(200);
    expect(ms.at(-1)!.end).toBeNull();
    expect(ms.some((m) => m.end !== null && m.end > m.start)).toBe(true);
    expect(readFileSync(path.join(dir, 'milestones.yaml'), 'utf8')).not.toMatch(/&a\d|\*a\d/); // no YAML aliases
  });

  it('uses no character the real content lacks, so the font subsets cover it', () => {
    const real = collectCharacters(loadExhibitFromDir('scenes'));
    const synthetic = collectCharacters(loadExhibitFromDir(dir));
    expect([...synthetic].filter((c) => !real.has(c))).toEqual([]);
  });

  it('refuses a count that is not a whole number of at least one', () => {
    const seed = loadExhibitFromDir('scenes').content;
    expect(() => syntheticMilestones(seed, 0)).toThrow(/whole number/);
    expect(syntheticMilestones(seed, 7).milestones).toHaveLength(7);
  });
});
