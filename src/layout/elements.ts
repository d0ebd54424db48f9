// Highlightable elements of a milestone panel (a paragraph, a list item, the picture), named by the content alone:
// the milestone's id and the block's kind and index (`2022.body0`, `2022.item3`, `2022.after0`, `2022.picture`).
// The same id names the same element in every language, in the 3D panel and in the 2D text timeline, so a live guide
// can point at it for everyone (src/features/guide/protocol.ts carries only the id). Pure: no DOM, no three.
import type { Milestone } from '../content/schema.ts';
import { ELEMENT_ID } from '../features/guide/names.ts';
import type { PanelSlot, Vec3 } from './corridor.ts';
import { blockHeight, type PanelText } from './panel.ts';

export { ELEMENT_ID };

/** A rectangle in panel-local metres: x to the right of the panel's centre, y down from its top edge (negative). */
export interface ElementRect {
  id: string;
  x: number;
  /** Top edge (≤ 0). */
  y: number;
  width: number;
  height: number;
}

export const isElementId = (id: string): boolean => ELEMENT_ID.test(id);

/** The milestone an element belongs to. */
export function elementMilestone(id: string): string {
  const dot = id.lastIndexOf('.');
  return dot < 0 ? id : id.slice(0, dot);
}

/** Every element id of a milestone, in reading order: paragraphs, list items, closing paragraphs, the picture. */
export function elementIds(m: Milestone, hasPicture = false): string[] {
  return [
    ...m.body.map((_, i) => `${m.id}.body${i}`),
    ...m.items.map((_, i) => `${m.id}.item${i}`),
    ...m.after.map((_, i) => `${m.id}.after${i}`),
    ...(hasPicture ? [`${m.id}.picture`] : []),
  ];
}

const BLOCK_KEY = /^(.+?)\.(?:[A-Za-z-]+\.)?(body|item|marker|after)(\d+)$/;

/**
 * The element a panel text block belongs to (src/layout/panel.ts names blocks `<milestone>.<lang>.body0` and so on):
 * a list item's marker belongs to its item, a picture's caption and credit to the picture. Null for the years and
 * the heading (they name the panel, not a line of it).
 */
export function elementOfBlock(key: string, milestoneId: string): string | null {
  const own = key.startsWith(`${milestoneId}.`);
  if (own && (key === `${milestoneId}.picture` || key === `${milestoneId}.credit` || key.endsWith('.caption')))
    return `${milestoneId}.picture`;
  const m = BLOCK_KEY.exec(key);
  if (!m || m[1] !== milestoneId) return null;
  const kind = m[2] === 'marker' ? 'item' : m[2];
  return `${milestoneId}.${kind}${m[3]}`;
}

/**
 * Where each element is on a panel: one rectangle per element and language column (a list item's marker and text
 * together), in reading order. Padded by `pad` metres on each side so the highlight does not touch the glyphs.
 */
export function elementRects(text: PanelText, milestoneId: string, pad = 0): ElementRect[] {
  const out: ElementRect[] = [];
  // Which language column each rectangle is in (the block key's middle part), so columns never merge.
  const column = new Map<ElementRect, string>();
  const grow = (id: string, col: string, x: number, y: number, w: number, h: number): void => {
    // A marker and its item share a line in the same column: one rectangle.
    const same = out.find((r) => r.id === id && column.get(r) === col);
    if (same) {
      const left = Math.min(same.x, x - pad);
      const right = Math.max(same.x + same.width, x + w + pad);
      same.x = left;
      same.width = right - left;
      same.height = Math.max(same.height, h + 2 * pad);
      return;
    }
    const r = { id, x: x - pad, y: y + pad, width: w + 2 * pad, height: h + 2 * pad };
    column.set(r, col);
    out.push(r);
  };
  for (const p of text.pictures) grow(`${milestoneId}.picture`, '', p.x, p.y, p.width, p.height);
  for (const b of text.blocks) {
    const id = elementOfBlock(b.key, milestoneId);
    if (id === null) continue;
    if (id.endsWith('.picture')) {
      // The caption and credit run under the picture: the picture's rectangle reaches down to them.
      const pic = out.find((r) => r.id === id);
      if (pic) {
        const bottom = Math.min(pic.y - pic.height, b.y - blockHeight(b) - pad);
        pic.height = pic.y - bottom;
      }
      continue;
    }
    const w = b.role === 'marker' ? b.fontSize : b.maxWidth;
    grow(id, b.key.split('.')[1] ?? '', b.x, b.y, w, blockHeight(b));
  }
  return out;
}

/** The element under a point of the panel (panel-local metres, y down from the top edge), or null. */
export function elementAt(text: PanelText, milestoneId: string, x: number, y: number): string | null {
  for (const r of elementRects(text, milestoneId)) {
    if (x >= r.x && x <= r.x + r.width && y <= r.y && y >= r.y - r.height) return r.id;
  }
  return null;
}

/**
 * A world point on a panel's face, in that panel's local metres (x to the right of its centre, y down from its top
 * edge): the inverse of the placement src/scene/Texts.tsx draws the text with.
 */
export function panelLocal(slot: Pick<PanelSlot, 'position' | 'yaw' | 'height'>, point: Vec3): { x: number; y: number } {
  const c = Math.cos(slot.yaw);
  const s = Math.sin(slot.yaw);
  const dx = point[0] - slot.position[0];
  const dz = point[2] - slot.position[2];
  return { x: dx * c - dz * s, y: point[1] - slot.position[1] - slot.height / 2 };
}

/** The world position of a panel-local point (x right of centre, y down from the top edge, z out of the face). */
export function panelWorld(slot: Pick<PanelSlot, 'position' | 'yaw' | 'height'>, x: number, y: number, z: number): Vec3 {
  const c = Math.cos(slot.yaw);
  const s = Math.sin(slot.yaw);
  return [slot.position[0] + x * c + z * s, slot.position[1] + y + slot.height / 2, slot.position[2] - x * s + z * c];
}

/** A highlight's rectangle in the world: its centre (on the panel's face, lifted by `lift`), the panel's yaw, its size. */
export interface PlacedRect {
  position: Vec3;
  yaw: number;
  width: number;
  height: number;
}

/** Where the highlight of `element` goes in the corridor (one rectangle per language column), or [] when unknown. */
export function placeElement(
  slots: ReadonlyArray<Pick<PanelSlot, 'id' | 'position' | 'yaw' | 'height' | 'text'>>,
  element: string,
  pad: number,
  lift: number,
): PlacedRect[] {
  const slot = slots.find((s) => s.id === elementMilestone(element));
  if (!slot) return [];
  return elementRects(slot.text, slot.id, pad)
    .filter((r) => r.id === element)
    .map((r) => ({
      position: panelWorld(slot, r.x + r.width / 2, r.y - r.height / 2, lift),
      yaw: slot.yaw,
      width: r.width,
      height: r.height,
    }));
}
