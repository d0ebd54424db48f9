// Which words a long corridor draws from where the visitor stands (src/layout/textReach.ts): never one within reach of
// the eyes left out, at most three batches drawn, and IAMM's own corridor drawn whole in one batch as before.
import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { syntheticMilestones } from '../../scripts/synthetic-scene.ts';
import { LANGUAGES } from '../../src/content/languages.ts';
import type { Exhibit } from '../../src/content/schema.ts';
import { FOG_FAR_M } from '../../src/layout/constants.ts';
import { corridorLayout } from '../../src/layout/corridor.ts';
import { splitIntoStretches, stretchInReach, stretchOf, TEXT_REACH_M, textStretches } from '../../src/layout/textReach.ts';
import { placeTexts, stagesByStretch, textStages } from '../../src/scene/Texts.tsx';

const synthetic: Exhibit = { ...exhibit, content: syntheticMilestones(exhibit.content, 200) };

describe('text within reach', () => {
  it('reaches as far as the fog: beyond it everything is drawn in the background colour', () => {
    expect(TEXT_REACH_M).toBe(FOG_FAR_M);
  });

  it.each(LANGUAGES)('IAMM’s corridor (%s) is one stretch: every word in one batch, drawn from everywhere', (language) => {
    const layout = corridorLayout(exhibit, language, metrics);
    const s = textStretches(layout);
    expect(s.count).toBe(1);
    const all = placeTexts(layout);
    expect(splitIntoStretches(s, all)).toEqual([all]);
    for (const z of [layout.zBack + 100, layout.start.position[2], layout.zFront - 100]) expect(stretchInReach(s, 0, z)).toBe(true);
  });

  describe('200 milestones', () => {
    const layout = corridorLayout(synthetic, 'both', metrics);
    const s = textStretches(layout);
    const all = placeTexts(layout);
    const parts = splitIntoStretches(s, all);
    const eyes = [layout.start.position[2], ...layout.slots.map((slot) => slot.position[2]), layout.finaleStanding.position[2]];

    it('splits the words into stretches one reach long, each word in exactly one, in order', () => {
      const length = Math.abs(layout.zBack - layout.zFront);
      expect(length).toBeGreaterThan(10 * TEXT_REACH_M);
      expect(s.count).toBe(Math.ceil(length / TEXT_REACH_M));
      expect(new Set(parts.flat())).toEqual(new Set(all));
      expect(parts.flat()).toHaveLength(all.length);
      parts.forEach((words, i) => {
        for (const t of words) expect(stretchOf(s, t.position[2])).toBe(i);
        const order = words.map((t) => all.indexOf(t));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      });
    });

    it('from wherever a visitor stands, draws every word within reach, and at most three stretches', () => {
      for (const z of eyes) {
        const drawn = parts.map((_, i) => stretchInReach(s, i, z));
        expect(drawn.filter(Boolean).length, `at z=${z}`).toBeLessThanOrEqual(3);
        for (const t of all) {
          if (Math.abs(t.position[2] - z) <= TEXT_REACH_M) expect(drawn[stretchOf(s, t.position[2])], `${t.key} from z=${z}`).toBe(true);
        }
      }
    });

    it('from the entrance, leaves out most of the corridor’s words, each of them beyond reach', () => {
      const z = layout.start.position[2];
      const hidden = parts.filter((_, i) => !stretchInReach(s, i, z)).flat();
      expect(hidden.length).toBeGreaterThan(0.8 * all.length);
      for (const t of hidden) expect(Math.abs(t.position[2] - z), t.key).toBeGreaterThan(TEXT_REACH_M);
    });

    it('beyond either end of the corridor, the end stretches are still drawn', () => {
      expect(stretchOf(s, layout.zBack + 500)).toBe(0);
      expect(stretchOf(s, layout.zFront - 500)).toBe(s.count - 1);
      expect(stretchInReach(s, 0, layout.zBack + TEXT_REACH_M / 2)).toBe(true);
      expect(stretchInReach(s, s.count - 1, layout.zFront - TEXT_REACH_M / 2)).toBe(true);
      expect(stretchInReach(s, 1, layout.zBack + TEXT_REACH_M / 2)).toBe(false);
    });

    it('each step of the build changes only the stretches it adds words to', () => {
      const stages = textStages(layout, all);
      const split = stagesByStretch(s, stages);
      expect(split).toHaveLength(stages.length);
      for (let k = 1; k < split.length; k++) {
        split[k]!.forEach((words, i) => {
          const before = split[k - 1]![i]!;
          if (words.length === before.length) expect(words).toBe(before);
          else expect(words.length).toBeGreaterThan(before.length);
        });
      }
      // The banner and the first view lie in the first stretch: the rest of the corridor is untouched until the last step.
      expect(split[0]!.slice(1).every((w) => w.length === 0)).toBe(true);
      expect(split[split.length - 1]!.flat()).toHaveLength(all.length);
    });
  });
});
