import { describe, expect, it } from 'vitest';
import type { Exhibit } from '../../src/content/schema.ts';
import {
  BASE_CHARACTERS,
  codePointLabel,
  collectCharacters,
  collectEnglishCharacters,
  describeMissing,
  formatMissing,
  isEnglishPath,
  LATIN_BASE_CHARACTERS,
} from '../../src/text/glyphs.ts';
import { measure, measureUnits, normalLineHeight, type FontMetrics } from '../../src/text/metrics.ts';

const bi = (zh: string, en: string) => ({ zh, en });

/** A small exhibit, enough for the walkers (not a valid scene: the walkers do not care). */
function fixture(): Exhibit {
  return {
    exhibit: {
      title: bi('长廊', 'Corridor'),
      subtitle: bi('副标题', 'Subtitle'),
      defaultLanguage: 'both',
      hint: bi('行走', 'Walk'),
      hintTouch: bi('轻触', 'Tap'),
      corridor: { metresPerYear: 4, openEndedYears: 2, widthM: 4, heightM: 3, panelWidthM: 2, panelHeightM: 1.5 },
      ui: { next: bi('下一个', 'Next') } as Exhibit['exhibit']['ui'],
    },
    content: {
      heading: '历程',
      sectionNames: bi('中文', 'English'),
      intro: bi('引言', 'Intro'),
      milestones: [
        {
          id: '2022',
          number: 1,
          start: 2022,
          end: 2022,
          label: bi('2022', '2022'),
          title: bi('共识', 'Consensus'),
          accent: '#123456',
          body: [],
          items: [bi('甲', 'A'), bi('乙😀', 'B')],
          listStyle: { zh: 'bullet', en: 'number' },
          after: [],
        },
      ],
      closing: { lead: bi('从', 'From'), progression: bi('创新 → 生态', 'Innovation → Ecosystem') },
    },
  };
}

describe('collectCharacters', () => {
  it('has every character of every string, and the base set', () => {
    const chars = collectCharacters(fixture());
    for (const ch of '长廊副标题历程共识甲乙创新生态→Consensus😀') expect(chars.has(ch), ch).toBe(true);
    for (const ch of BASE_CHARACTERS) expect(chars.has(ch), codePointLabel(ch)).toBe(true);
    for (const ch of '0123456789–—+，。、；：？！“”‘’（）《》「」【】…·•') expect(chars.has(ch), ch).toBe(true);
    for (let c = 0x20; c < 0x7f; c++) expect(chars.has(String.fromCharCode(c))).toBe(true);
  });

  it('holds code points, not UTF-16 halves', () => {
    const chars = collectCharacters(fixture());
    expect(chars.has('😀')).toBe(true);
    expect([...chars].every((ch) => [...ch].length === 1)).toBe(true);
  });

  it('walks fields the schema does not know yet', () => {
    const exhibit = fixture() as Exhibit & { extra: unknown };
    exhibit.extra = { deep: [{ note: '鑫' }] };
    expect(collectCharacters(exhibit).has('鑫')).toBe(true);
  });
});

describe('collectEnglishCharacters', () => {
  it('has every character of the English strings and the Latin base set, and nothing only Chinese strings hold', () => {
    const chars = collectEnglishCharacters(fixture());
    for (const ch of 'CorridorConsensusInnovation→Ecosystem') expect(chars.has(ch), ch).toBe(true);
    for (const ch of LATIN_BASE_CHARACTERS) expect(chars.has(ch), codePointLabel(ch)).toBe(true);
    for (const ch of '’“”–—•…0123456789') expect(chars.has(ch), ch).toBe(true);
    for (const ch of '长廊甲乙😀') expect(chars.has(ch), ch).toBe(false);
  });
});

describe('describeMissing', () => {
  it('gives the code point and every content path of a missing character', () => {
    const [smile, pua] = describeMissing(fixture(), ['😀', '\ue000']);
    expect(smile).toEqual({ char: '😀', code: 'U+1F600', paths: ['content.milestones[0].items[1].zh'] });
    expect(pua).toEqual({ char: '\ue000', code: 'U+E000', paths: [] });
  });

  it('names only the paths `include` accepts (a Latin face: the English strings)', () => {
    const exhibit = fixture();
    exhibit.content.milestones[0]!.items[1]!.en += '😀';
    const [smile] = describeMissing(exhibit, ['😀'], {}, isEnglishPath);
    expect(smile!.paths).toEqual(['content.milestones[0].items[1].en']);
  });

  it('names the scene files when given labels', () => {
    const [smile] = describeMissing(fixture(), ['😀'], { content: 'scenes/milestones.yaml' });
    expect(smile!.paths).toEqual(['scenes/milestones.yaml milestones[0].items[1].zh']);
    const text = formatMissing(describeMissing(fixture(), ['😀', '\ue000'], { content: 'scenes/milestones.yaml' }));
    expect(text).toContain('"😀" U+1F600 in scenes/milestones.yaml milestones[0].items[1].zh');
    expect(text).toContain('U+E000 (not in the content');
  });
});

describe('measure', () => {
  const metrics: FontMetrics = {
    unitsPerEm: 1000,
    ascender: 880,
    descender: -120,
    lineGap: 0,
    advances: { a: 500, ' ': 250, 中: 1000 },
    fallbackAdvance: 1000,
  };

  it('sums advances in font units and scales by fontSize', () => {
    expect(measureUnits('a a', metrics)).toBe(1250);
    expect(measure('a a', 0.1, metrics)).toBeCloseTo(0.125, 12);
    expect(measure('中a', 2, metrics)).toBe(3);
  });

  it('uses the fallback advance for unknown characters', () => {
    expect(measureUnits('?', metrics)).toBe(1000);
  });

  it('gives the widest line of multi-line text', () => {
    expect(measure('a\n中中\na', 1, metrics)).toBe(2);
  });

  it('line height as troika computes "normal"', () => {
    expect(normalLineHeight(metrics)).toBe(1);
  });
});
