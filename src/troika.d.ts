// The parts of troika-three-text this app uses. The package ships JS only (its generated types omit BatchedText).
declare module 'troika-three-text' {
  import { Mesh, type BufferGeometry, type Color, type Material, type Object3D, type Object3DEventMap } from 'three';

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
    textRenderInfo: object | null;
    sync(callback?: () => void): void;
    dispose(): void;
  }

  /** Draws all its Text children in one call (they must share one font). */
  export class BatchedText extends Text {
    addText(text: Text): void;
    removeText(text: Text): void;
    override add(...objects: Object3D[]): this;
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

  export function preloadFont(options: { font?: string; characters?: string | string[]; sdfGlyphSize?: number }, callback: () => void): void;
}
