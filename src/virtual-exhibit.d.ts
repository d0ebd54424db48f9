// Types of the build-time module made by build/exhibit.ts from scenes/*.yaml and the font subsets.
declare module 'virtual:exhibit' {
  /** The validated scene files. */
  export const exhibit: import('./content/schema').Exhibit;
  /** The validated guided tours (scenes/tours/*.yaml), in file name order; played by src/features/tour/player.ts. */
  export const tours: import('./content/tours').Tour[];
  /**
   * Same-origin URLs of the subset fonts (woff), one per face (src/text/faces.ts): the Noto Sans SC
   * faces hold every character of the content; the Noto Sans faces every character English and
   * language-neutral runs draw.
   */
  export const fonts: Record<import('./text/faces').Face, string>;
  /**
   * The operator and team pages' extra Noto Sans SC characters (their own interface words) and the two subsets that
   * hold them; only those pages load them (src/app/pageFonts.ts). Null when there are none.
   */
  export const pageFonts: { chars: string; scRegular: string; scBold: string } | null;
  /** Advance widths of every character in each subset, for line breaking without a renderer. */
  export const metrics: Record<import('./text/faces').Face, import('./text/metrics').FontMetrics>;
  /**
   * The panels' pictures (build/media.ts): one atlas texture (null without pictures) and, per media file, its place
   * in the atlas (texture coordinates), its size and the text timeline's copy (`src`). Same origin.
   */
  export const pictures: import('./content/pictures').Pictures;
  /** The panels' 3D models and videos (build/media.ts), by media file: same-origin URL, size, whether in the offline copy. */
  export const mediaFiles: import('./content/pictures').MediaFiles;
}
