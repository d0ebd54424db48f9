// The build's pictures (virtual:exhibit `pictures`, made by build/media.ts), typed for the scene and the text timeline.
export interface PictureItem {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
  width: number;
  height: number;
  /** The text timeline's copy of the picture. */
  src: string;
}

export interface Pictures {
  /** The atlas of every panel picture, or null when the exhibit has none. */
  atlas: string | null;
  items: Record<string, PictureItem>;
}
