import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { corridorLayout } from '../../src/layout/corridor.ts';
import { frameBox, panelBoxes, PARTS_PER_PANEL } from '../../src/layout/panelParts.ts';
import { FINALE_ID } from '../../src/content/ids.ts';
import { THEME } from '../../src/theme.ts';

describe('the boxes the panels are drawn from', () => {
  const layout = corridorLayout(exhibit, 'zh', metrics);

  it('gives every milestone a frame, a plate and an accent bar facing the corridor, then the two signs', () => {
    const boxes = panelBoxes(layout);
    expect(boxes).toHaveLength(layout.slots.length * PARTS_PER_PANEL + 2);
    layout.slots.forEach((slot, i) => {
      const [frame, plate, bar] = boxes.slice(i * PARTS_PER_PANEL, (i + 1) * PARTS_PER_PANEL);
      expect(plate!.centre).toEqual(slot.position);
      expect(plate!.size.slice(0, 2)).toEqual([slot.width, slot.height]);
      expect(plate!.low).toBe(THEME.panel);
      expect(bar!.low).toBe(slot.accent);
      // The frame is wider and taller than the plate, behind it, in the wall colour (unlit until focused).
      expect(frame!.size[0]).toBeGreaterThan(slot.width);
      expect(frame!.size[1]).toBeGreaterThan(slot.height);
      expect(frame!.low).toBe(THEME.wall);
      for (const b of [frame!, plate!, bar!]) expect(b.yaw).toBe(slot.yaw);
    });
  });

  it('finds the focused milestone’s frame, and none for the entrance or the finale', () => {
    const last = layout.slots.length - 1;
    expect(frameBox(layout, layout.slots[0]!.id)).toBe(0);
    expect(frameBox(layout, layout.slots[last]!.id)).toBe(last * PARTS_PER_PANEL);
    expect(frameBox(layout, null)).toBeNull();
    expect(frameBox(layout, FINALE_ID)).toBeNull();
  });
});
