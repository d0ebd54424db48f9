// troika's BatchedText, minus its per-frame work when nothing changed.
//
// troika (0.52) copies every member's matrix, colour, bounds and stroke / outline values into its data texture in
// onBeforeRender, that is for each eye of each frame, by running each member's own _prepareForRender (uniform sets,
// its clip rect, a colour conversion) even when no value changed; and it recomputes every member's matrix and the
// batch's bounds in each updateMatrixWorld. With every text of the corridor in one batch, that was most of the XR
// frame callback. This subclass notes once per frame (in updateMatrixWorld, cheap comparisons, no allocation)
// whether any member moved or changed a drawn value, and otherwise reuses the texture as packed: the first eye of a
// changed frame packs, the second eye and the following frames reuse it. Member syncs (text, font, size...) and
// repacks of the batch (members added or removed) always count as changes.
import { BatchedText, Text, type TextMaterial } from 'troika-three-text';

/** Slots of one member's record: its transform, then the values troika packs into the data texture. */
const TRANSFORM_SLOTS = 16;
const S_AUTO = TRANSFORM_SLOTS;
const S_COLOR = S_AUTO + 1; // 4 slots: the value or a marker for a Color, then r, g, b
const S_OUTLINE_COLOR = S_COLOR + 4;
const S_STROKE_COLOR = S_OUTLINE_COLOR + 4;
const S_CLIP = S_STROKE_COLOR + 4; // 5 slots: the value, then its 4 numbers
const S_VALUES = S_CLIP + 5;
/** The plain values packed per member (compared by identity). */
const VALUE_KEYS = [
  'fillOpacity',
  'outlineOpacity',
  'strokeWidth',
  'strokeOpacity',
  'outlineWidth',
  'outlineBlur',
  'outlineOffsetX',
  'outlineOffsetY',
  'curveRadius',
  'fontSize',
] as const;
const SLOTS = S_VALUES + VALUE_KEYS.length;
/** Marks a colour slot whose value is a three Color (its r, g, b follow), so a Color changed in place is noticed. */
const A_COLOR = Symbol('Color');

type Slots = unknown[];

function put(rec: Slots, i: number, v: unknown): boolean {
  if (rec[i] === v) return false;
  rec[i] = v;
  return true;
}

function isColor(v: unknown): v is { r: number; g: number; b: number } {
  return typeof v === 'object' && v !== null && (v as { isColor?: boolean }).isColor === true;
}

function putColour(rec: Slots, i: number, c: unknown): boolean {
  if (!isColor(c)) return put(rec, i, c);
  let changed = put(rec, i, A_COLOR);
  changed = put(rec, i + 1, c.r) || changed;
  changed = put(rec, i + 2, c.g) || changed;
  changed = put(rec, i + 3, c.b) || changed;
  return changed;
}

function putClip(rec: Slots, i: number, clip: unknown): boolean {
  let changed = put(rec, i, clip);
  if (Array.isArray(clip)) for (let k = 0; k < 4; k++) changed = put(rec, i + 1 + k, clip[k]) || changed;
  return changed;
}

/** Notes a member's transform and drawn values in its record; true if any differs from the last time. */
function recordMember(rec: Slots, t: Text): boolean {
  let changed = put(rec, S_AUTO, t.matrixAutoUpdate);
  if (t.matrixAutoUpdate) {
    const p = t.position;
    const q = t.quaternion;
    const s = t.scale;
    changed = put(rec, 0, p.x) || changed;
    changed = put(rec, 1, p.y) || changed;
    changed = put(rec, 2, p.z) || changed;
    changed = put(rec, 3, q.x) || changed;
    changed = put(rec, 4, q.y) || changed;
    changed = put(rec, 5, q.z) || changed;
    changed = put(rec, 6, q.w) || changed;
    changed = put(rec, 7, s.x) || changed;
    changed = put(rec, 8, s.y) || changed;
    changed = put(rec, 9, s.z) || changed;
  } else {
    const m = t.matrix.elements;
    for (let k = 0; k < 16; k++) changed = put(rec, k, m[k]) || changed;
  }
  changed = putColour(rec, S_COLOR, t.color) || changed;
  changed = putColour(rec, S_OUTLINE_COLOR, t.outlineColor) || changed;
  changed = putColour(rec, S_STROKE_COLOR, t.strokeColor) || changed;
  changed = putClip(rec, S_CLIP, t.clipRect) || changed;
  for (let k = 0; k < VALUE_KEYS.length; k++) changed = put(rec, S_VALUES + k, t[VALUE_KEYS[k]!]) || changed;
  return changed;
}

export class StableBatchedText extends BatchedText {
  /** Bumped on every change of what the data texture holds. */
  private dataVersion = 1;
  /** The dataVersion each texture (main, outline) was last packed at. */
  private readonly packedAt = { main: 0, outline: 0 };
  private boundsStale = true;
  private outlineStale = true;
  private outlined = false;
  /** What each member looked like when last noted. */
  private readonly records = new Map<Text, Slots>();
  /** The batch's own fallback colour (members without one use it), as last noted. */
  private readonly ownRecord: Slots = [];
  private scanChanged = false;
  private readonly scanMember = (rec: Slots, t: Text): void => {
    if (recordMember(rec, t)) this.scanChanged = true;
  };
  private readonly onMemberSynced = (): void => this.changed();
  private packs = 0;

  constructor() {
    super();
    // A repack of the batch (after member syncs, or members added or removed) renumbers the members.
    this.addEventListener('synccomplete', () => this.changed());
  }

  private changed(): void {
    this.dataVersion++;
    this.boundsStale = true;
    this.outlineStale = true;
  }

  override addText(text: Text): void {
    super.addText(text);
    if (this.records.has(text)) return;
    this.records.set(text, new Array<unknown>(SLOTS));
    text.addEventListener('synccomplete', this.onMemberSynced);
    this.changed();
  }

  override removeText(text: Text): void {
    super.removeText(text);
    text.removeEventListener('synccomplete', this.onMemberSynced);
    this.records.delete(text);
    this.changed();
  }

  /** Called by BatchedText's updateMatrixWorld (once per frame) and after a repack. */
  override updateBounds(): void {
    this.scanChanged = false;
    this.records.forEach(this.scanMember);
    if (putColour(this.ownRecord, 0, this.color)) this.scanChanged = true;
    if (this.scanChanged) this.changed();
    if (!this.boundsStale) return;
    this.boundsStale = false;
    super.updateBounds(); // every member's matrix, and the batch's bounds
  }

  override hasOutline(): boolean {
    // `material` asks this on each read; troika walks every member each time.
    if (this.outlineStale !== false) {
      this.outlineStale = false;
      this.outlined = super.hasOutline();
    }
    return this.outlined;
  }

  override _prepareForRender(material: TextMaterial): void {
    const key = material.isTextOutlineMaterial ? 'outline' : 'main';
    const texture = this._dataTextures[key];
    if (texture && this.packedAt[key] === this.dataVersion) {
      // As BatchedText does after packing: this texture, then the batch's own (not per-member) uniforms.
      material.uniforms.uTroikaIsOutline.value = key === 'outline';
      material.setMatrixTexture(texture);
      Text.prototype._prepareForRender.call(this, material);
      return;
    }
    super._prepareForRender(material);
    this.packedAt[key] = this.dataVersion;
    this.packs++;
  }

  /** How many times a data texture was packed (tests, maintainers): it stays put while nothing changes. */
  get packCount(): number {
    return this.packs;
  }
}
