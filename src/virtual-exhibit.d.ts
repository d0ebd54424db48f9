// Types of the build-time module made by vite-plugins/exhibit.ts from scenes/*.yaml and the font subset.
declare module 'virtual:exhibit' {
  /** The validated scene files. */
  export const exhibit: import('./content/schema').Exhibit;
  /** Same-origin URLs of the subset fonts (woff) that hold every character of the content. */
  export const fonts: { regular: string; bold: string };
  /** Advance widths of every character in the subsets, for line breaking without a renderer. */
  export const metrics: { regular: import('./text/metrics').FontMetrics; bold: import('./text/metrics').FontMetrics };
}
