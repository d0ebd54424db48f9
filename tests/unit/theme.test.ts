import { exhibit } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { accentOnDark, accentOnPanel, contrast, THEME } from '../../src/theme.ts';

describe('text contrast is at least 4.5:1', () => {
  it.each([
    ['panel text', THEME.text, THEME.panel],
    ['muted panel text', THEME.textMuted, THEME.panel],
    ['text on the floor', THEME.textOnDark, THEME.floor],
    ['muted text on the floor', THEME.textOnDarkMuted, THEME.floor],
    ['muted text on the walls', THEME.textOnDarkMuted, THEME.wall],
    ['panel text on a guide highlight', THEME.text, THEME.highlight],
    ['muted panel text on a guide highlight', THEME.textMuted, THEME.highlight],
  ])('%s', (_, fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(exhibit.content.milestones.map((m) => [m.id, m.accent] as const))(
    'era %s accent as years on the panel and on the floor',
    (_, accent) => {
      expect(contrast(accentOnPanel(accent), THEME.panel)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(accentOnDark(accent), THEME.floor)).toBeGreaterThanOrEqual(4.5);
      // A highlighted list item's marker is drawn in the accent on the highlight.
      expect(contrast(accentOnPanel(accent), THEME.highlight)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('computes WCAG contrast correctly', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
