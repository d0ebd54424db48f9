// troika's BatchedText, minus its per-frame work when nothing changed.
//
// troika (0.52) copies every member's matrix, colour, bounds and stroke / outline values into its data texture in
// onBeforeRender, that is for each eye of each frame, by running each member's own _prepareForRender (uniform sets,
// its clip rect, a colour conversion) even when no value changed; each updateMatrixWorld it recomputes every member's
// matrix and the batch's bounds; each onBeforeRender it asks every member whether it needs a sync, and each read of
// `material` whether it has an outline. With every text of the corridor in one batch, that was most of the XR frame
// callback, growing with the number of texts.
//
// Here all of that happens only after a change; a frame with none does a fixed, small amount of work whatever the
// number of texts, and the second eye reuses what the first packed. Changes are known from
// - troika's own events: a member synced (new text, font, size...), the batch repacked (members renumbered);
// - members added or removed;
// - `membersChanged()`, which whoever sets a member's transform or drawn values (colour, opacity...) calls
//   afterwards, as three's `needsUpdate` (TextBatch does, after each React commit that changed its texts).
import { Color } from 'three';
import { BatchedText, Text, type TextMaterial } from 'troika-three-text';

const tempColour = new Color();

export class StableBatchedText extends BatchedText {
  /** Bumped on every change of what the data textures hold. */
  private dataVersion = 1;
  /** The dataVersion each data texture (main, outline) was last packed at. */
  private readonly packedAt = { main: 0, outline: 0 };
  private boundsStale = true;
  private outlineStale = true;
  private outlined = false;
  /** Whether a member may need a sync (its text or layout props set) or the batch a repack. */
  private syncWanted = true;
  private packs = 0;
  /** troika's syncstarts not yet followed by their synccomplete: members are being typeset or the batch repacked. */
  private syncsUnderWay = 0;
  private readonly onMemberSynced = (): void => this.membersChanged();

  /** Whether some member has colour ranges (emphasis), so the batch draws per-glyph colours (see packGlyphColours). */
  private glyphColours = false;

  constructor() {
    super();
    this.addEventListener('syncstart', () => this.syncsUnderWay++);
    // A repack (after member syncs, or members added or removed) renumbers the members in the data texture.
    this.addEventListener('synccomplete', () => {
      this.syncsUnderWay = Math.max(0, this.syncsUnderWay - 1);
      this.packGlyphColours();
      this.membersChanged();
    });
  }

  /**
   * troika's batch packs one colour per member and ignores the members' own per-glyph colours (colorRanges). When
   * a member has them, this fills the batch's glyph colour attribute in the order the batch packed its glyphs: each
   * member's own glyph colours, or its colour for every glyph; the shader then reads colours per glyph.
   */
  private packGlyphColours(): void {
    let total = 0;
    let any = false;
    for (const text of this._members.keys()) {
      const info = text.textRenderInfo;
      if (!info) continue;
      total += info.glyphAtlasIndices.length;
      if (info.glyphColors) any = true;
    }
    this.glyphColours = any;
    if (!any) return;
    const colours = new Uint8Array(total * 3);
    let at = 0;
    for (const text of this._members.keys()) {
      const info = text.textRenderInfo;
      if (!info) continue;
      const n = info.glyphAtlasIndices.length;
      if (info.glyphColors) colours.set(info.glyphColors.subarray(0, n * 3), at * 3);
      else {
        const hex = tempColour.set(text.color ?? 0xffffff).getHex();
        for (let i = 0; i < n; i++) colours.set([(hex >> 16) & 255, (hex >> 8) & 255, hex & 255], (at + i) * 3);
      }
      at += n;
    }
    this.geometry.updateAttributeData('aTroikaGlyphColor', colours, 3);
  }

  /**
   * Call after setting any member's props (transform, colour, text...): the next frame then syncs what needs it,
   * recomputes the members' matrices and the bounds, and packs the data texture once for both eyes.
   */
  membersChanged(): void {
    this.dataVersion++;
    this.boundsStale = true;
    this.outlineStale = true;
    this.syncWanted = true;
  }

  override addText(text: Text): void {
    super.addText(text);
    text.removeEventListener('synccomplete', this.onMemberSynced);
    text.addEventListener('synccomplete', this.onMemberSynced);
    this.membersChanged();
  }

  override removeText(text: Text): void {
    super.removeText(text);
    text.removeEventListener('synccomplete', this.onMemberSynced);
    this.membersChanged();
  }

  override sync(callback?: () => void): void {
    // troika calls this for each eye of each frame and walks every member; nothing can need it without a change.
    if (!this.syncWanted && !callback) return;
    this.syncWanted = false;
    super.sync(callback);
  }

  /** Called by BatchedText's updateMatrixWorld (each frame) and after each repack. */
  override updateBounds(): void {
    if (!this.boundsStale) return;
    this.boundsStale = false;
    super.updateBounds(); // every member's matrix, and the batch's bounds
  }

  override hasOutline(): boolean {
    // Asked on each read of `material`; troika walks every member each time.
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
      material.uniforms.uTroikaUseGlyphColors.value = this.glyphColours && key === 'main';
      return;
    }
    super._prepareForRender(material);
    material.uniforms.uTroikaUseGlyphColors.value = this.glyphColours && key === 'main';
    this.packedAt[key] = this.dataVersion;
    this.packs++;
  }

  /**
   * Whether a sync is under way (a synccomplete is coming). Read after sync(): false means nothing needed one; read
   * in a synccomplete listener added after the batch's own: false means this was the last of overlapping syncs.
   */
  get syncing(): boolean {
    return this.syncsUnderWay > 0;
  }

  /** How many times a data texture was packed (tests, maintainers): it stays put while nothing changes. */
  get packCount(): number {
    return this.packs;
  }
}
