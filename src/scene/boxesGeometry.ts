// One vertex-coloured geometry for a list of boxes (the corridor's shell and its panels): every box is 36 vertices
// (a box of one segment per side, not indexed), shaded from its `low` colour at the bottom to its `high` colour at
// the top. The list can change in place: a layout with as many boxes (another language, whose signs are taller) rewrites
// only the boxes that differ and uploads only their ranges, instead of building and uploading the whole corridor again.
// One box can be lit (painted in one colour) and is put back to its own colours when another is lit.
import { BoxGeometry, BufferAttribute, BufferGeometry, Color } from 'three';
import type { Box } from '../layout/zones.ts';

/** Vertices of one box (a box of one segment per side, not indexed). */
export const VERTICES_PER_BOX = 36;

const low = new Color();
const high = new Color();
const mixed = new Color();

export class BoxesGeometry {
  readonly geometry = new BufferGeometry();
  private readonly position: BufferAttribute;
  private readonly colour: BufferAttribute;
  private readonly keys: (string | null)[];
  /** The boxes drawn (empty until the first `set`). */
  private boxes: readonly Box[] = [];
  private litBox: number | null = null;
  private litColour = '';

  constructor(readonly count: number) {
    this.keys = new Array<string | null>(count).fill(null);
    const vertices = count * VERTICES_PER_BOX * 3;
    this.position = new BufferAttribute(new Float32Array(vertices), 3);
    this.colour = new BufferAttribute(new Float32Array(vertices), 3);
    this.geometry.setAttribute('position', this.position);
    this.geometry.setAttribute('color', this.colour);
  }

  /** Writes the boxes that differ from what is drawn; returns how many were written. The list must have `count` boxes. */
  set(boxes: readonly Box[]): number {
    if (boxes.length !== this.count) throw new Error(`BoxesGeometry: ${boxes.length} boxes given for a geometry of ${this.count}`);
    const first = this.boxes.length === 0;
    this.boxes = boxes;
    let written = 0;
    boxes.forEach((box, i) => {
      const key = JSON.stringify(box);
      if (key === this.keys[i]) return;
      this.keys[i] = key;
      this.writeBox(i, box);
      if (i === this.litBox) this.paint(i, this.litColour);
      written++;
    });
    if (first) {
      // Nothing was uploaded yet: the first upload takes the whole buffer, not a list of ranges.
      this.position.clearUpdateRanges();
      this.colour.clearUpdateRanges();
    }
    if (written > 0) {
      this.geometry.computeBoundingSphere();
      this.geometry.computeBoundingBox();
    }
    return written;
  }

  /** Lights box `box` in `colour` (null: none); the box lit before gets its own colours back. False: nothing changed. */
  light(box: number | null, colour: string): boolean {
    if (box === this.litBox && colour === this.litColour) return false;
    const was = this.litBox === null ? undefined : this.boxes[this.litBox];
    if (was) this.shade(this.litBox!, was);
    this.litBox = box;
    this.litColour = colour;
    if (box !== null) this.paint(box, colour);
    return true;
  }

  dispose(): void {
    this.geometry.dispose();
  }

  private writeBox(i: number, b: Box): void {
    const [w, h, d] = b.size;
    const g = new BoxGeometry(w, h, d).toNonIndexed();
    if (b.yaw) g.rotateY(b.yaw);
    g.translate(b.centre[0], b.centre[1], b.centre[2]);
    const from = g.getAttribute('position');
    if (from.count !== VERTICES_PER_BOX) throw new Error(`BoxesGeometry: a box is ${from.count} vertices, not ${VERTICES_PER_BOX}`);
    (this.position.array as Float32Array).set(from.array as Float32Array, i * VERTICES_PER_BOX * 3);
    this.touched(this.position, i);
    g.dispose();
    this.shade(i, b);
  }

  /** The box's own colours: `low` at its bottom to `high` at its top. */
  private shade(i: number, b: Box): void {
    const { position, colour } = this;
    low.set(b.low);
    high.set(b.high);
    const h = b.size[1];
    const bottom = b.centre[1] - h / 2;
    for (let v = i * VERTICES_PER_BOX; v < (i + 1) * VERTICES_PER_BOX; v++) {
      mixed.lerpColors(low, high, h > 0 ? (position.getY(v) - bottom) / h : 1);
      colour.setXYZ(v, mixed.r, mixed.g, mixed.b);
    }
    this.touched(colour, i);
  }

  private paint(i: number, colourName: string): void {
    const { colour } = this;
    mixed.set(colourName);
    for (let v = i * VERTICES_PER_BOX; v < (i + 1) * VERTICES_PER_BOX; v++) colour.setXYZ(v, mixed.r, mixed.g, mixed.b);
    this.touched(colour, i);
  }

  private touched(attribute: BufferAttribute, i: number): void {
    attribute.addUpdateRange(i * VERTICES_PER_BOX * 3, VERTICES_PER_BOX * 3);
    attribute.needsUpdate = true;
  }
}
