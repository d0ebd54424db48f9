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

/** A panel's 3D model or video, as the build copied it (build/media.ts). */
export interface MediaFile {
  kind: 'model' | 'video';
  /** Same-origin URL of the hashed copy. */
  src: string;
  bytes: number;
  /** Whether the offline copy holds it (small files only). */
  offline: boolean;
}

/** By media file (media/…). */
export type MediaFiles = Record<string, MediaFile>;
