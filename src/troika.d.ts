// The parts of troika-three-text this app uses. The package ships JS only (its generated types omit BatchedText).
declare module 'troika-three-text' {
  import {
    Mesh,
    type BufferGeometry,
    type Color,
    type DataTexture,
    type Material,
    type Object3D,
    type Object3DEventMap,
    type ShaderMaterial,
  } from 'three';

  interface TextEventMap extends Object3DEventMap {
    syncstart: object;
    synccomplete: object;
  }

  export class Text extends Mesh<BufferGeometry, Material | Material[], TextEventMap> {
    text: string;
    font: string | null;
    fontSize: number;
    color: string | number | Color | null;
    anchorX: number | 'left' | 'center' | 'right' | string;
    anchorY: number | 'top' | 'top-baseline' | 'middle' | 'bottom-baseline' | 'bottom' | string;
    textAlign: 'left' | 'right' | 'center' | 'justify';
    lineHeight: number | 'normal';
    maxWidth: number;
    whiteSpace: 'normal' | 'nowrap';
    overflowWrap: 'normal' | 'break-word';
    sdfGlyphSize: number | null;
    fillOpacity: number | undefined;
    outlineColor: string | number | Color | undefined;
    outlineOpacity: number | undefined;
    outlineWidth: number | string | undefined;
    outlineBlur: number | string | undefined;
    outlineOffsetX: number | string | undefined;
    outlineOffsetY: number | string | undefined;
    strokeColor: string | number | Color | undefined;
    strokeOpacity: number | undefined;
    strokeWidth: number | string | undefined;
    clipRect: readonly number[] | null | undefined;
    curveRadius: number;
    /** Character index → colour from that character on (per-glyph colours). */
    colorRanges: Record<number, number | string> | null;
    /** The typeset result; glyphColors (r, g, b per renderable glyph) only with colorRanges. */
    textRenderInfo: { glyphAtlasIndices: ArrayLike<number>; glyphColors?: Uint8Array | null } | null;
    sync(callback?: () => void): void;
    dispose(): void;
    hasOutline(): boolean;
    /** Internal: sets the (derived) material's uniforms from this text before it is drawn. */
    _prepareForRender(material: TextMaterial): void;
  }

  /** Internal: troika's derived text material, as BatchedText's derivation extends it. */
  export interface TextMaterial extends ShaderMaterial {
    isTextOutlineMaterial?: boolean;
    uniforms: ShaderMaterial['uniforms'] & { uTroikaIsOutline: { value: boolean }; uTroikaUseGlyphColors: { value: boolean } };
    setMatrixTexture(texture: DataTexture): void;
  }

  /** Draws all its Text children in one call (they must share one font). */
  export class BatchedText extends Text {
    addText(text: Text): void;
    removeText(text: Text): void;
    override add(...objects: Object3D[]): this;
    /** Internal: every member's matrix, and the batch's bounds. */
    updateBounds(): void;
    /** Internal: the members, in the order their glyphs are packed. */
    _members: Map<Text, { index: number; dirty: boolean }>;
    /** Internal: troika's GlyphsGeometry, which can replace one of its attributes' data. */
    geometry: BufferGeometry & { updateAttributeData(name: string, array: ArrayLike<number>, itemSize: number): void };
    /** Internal: the packed member data, one texture per material (main, outline). */
    _dataTextures: { main?: DataTexture; outline?: DataTexture };
  }

  export function configureTextBuilder(config: {
    defaultFontURL?: string | null;
    unicodeFontsURL?: string | null;
    sdfGlyphSize?: number;
    sdfExponent?: number;
    sdfMargin?: number;
    textureWidth?: number;
    useWorker?: boolean;
  }): void;

  export function preloadFont(
    options: { font?: string; characters?: string | string[]; sdfGlyphSize?: number },
    callback: () => void,
  ): void;
}

// troika-three-text's glyph SDF generator (its dependency, pinned with it); the unit tests use its JavaScript
// implementation to compare fields (tests/unit/text.sdf-flatten.test.ts).
declare module 'webgl-sdf-generator' {
  interface Generator {
    forEachPathCommand(
      path: string,
      callback: (command: 'L' | 'Q' | 'C', startX: number, startY: number, endX: number, endY: number, ...controls: number[]) => void,
    ): void;
    pathToLineSegments(path: string, callback: (x1: number, y1: number, x2: number, y2: number) => void, curvePoints?: number): void;
    javascript: {
      generate(width: number, height: number, path: string, viewBox: number[], maxDistance: number, exponent?: number): Uint8Array;
    };
  }
  export default function createSDFGenerator(): Generator;
}
