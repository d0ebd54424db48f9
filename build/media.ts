// Pictures on panels, processed at build time with sharp: every picture of the scenes folder (media/…) is resized
// into one cell of a single atlas (one texture, so all panel pictures are one draw call in 3D) and, for the text
// timeline, into a picture of at most TIMELINE_PICTURE_PX wide. Both are WebP, emitted as hashed assets of the
// build (self-hosted; the offline copy precaches them). Remote media are never fetched: they have no picture.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Exhibit } from '../src/content/schema.ts';

/** One atlas cell, in pixels (4:3; a picture keeps its own proportions inside it). */
export const ATLAS_CELL_PX = { width: 512, height: 384 } as const;
export const ATLAS_COLUMNS = 4;
/** The text timeline's pictures are at most this wide, in pixels. */
export const TIMELINE_PICTURE_PX = 800;
const PICTURE = /\.(jpe?g|png|webp|gif|avif)$/i;

export interface PictureInfo {
  /** Its place in the atlas, as texture coordinates (v up, as three.js has them). */
  u0: number;
  v0: number;
  u1: number;
  v1: number;
  width: number;
  height: number;
  /** The text timeline's copy. */
  timeline: Buffer;
}

export interface MediaBuild {
  atlas: Buffer | null;
  atlasSize: { width: number; height: number };
  pictures: Record<string, PictureInfo>;
}

/** The picture files of the exhibit (media/…), in order of appearance, without repeats. */
export function pictureFiles(exhibit: Exhibit): string[] {
  const out: string[] = [];
  for (const m of exhibit.content.milestones)
    for (const item of m.media ?? []) if (item.file && PICTURE.test(item.file) && !out.includes(item.file)) out.push(item.file);
  return out;
}

export async function buildMedia(exhibit: Exhibit, scenesDir: string): Promise<MediaBuild> {
  const files = pictureFiles(exhibit);
  if (files.length === 0) return { atlas: null, atlasSize: { width: 0, height: 0 }, pictures: {} };
  const { default: sharp } = await import('sharp');
  const cols = Math.min(ATLAS_COLUMNS, files.length);
  const rows = Math.ceil(files.length / cols);
  const W = cols * ATLAS_CELL_PX.width;
  const H = rows * ATLAS_CELL_PX.height;
  const composites: Array<{ input: Buffer; left: number; top: number }> = [];
  const pictures: Record<string, PictureInfo> = {};
  for (const [i, file] of files.entries()) {
    const source = readFileSync(path.join(scenesDir, file));
    const cell = await sharp(source)
      .rotate()
      .resize(ATLAS_CELL_PX.width, ATLAS_CELL_PX.height, { fit: 'inside' })
      .png()
      .toBuffer({ resolveWithObject: true });
    const left = (i % cols) * ATLAS_CELL_PX.width;
    const top = Math.floor(i / cols) * ATLAS_CELL_PX.height;
    composites.push({ input: cell.data, left, top });
    const timeline = await sharp(source)
      .rotate()
      .resize({ width: TIMELINE_PICTURE_PX, withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    pictures[file] = {
      u0: left / W,
      u1: (left + cell.info.width) / W,
      v1: 1 - top / H,
      v0: 1 - (top + cell.info.height) / H,
      width: cell.info.width,
      height: cell.info.height,
      timeline,
    };
  }
  const atlas = await sharp({ create: { width: W, height: H, channels: 3, background: '#000000' } })
    .composite(composites)
    .webp({ quality: 80 })
    .toBuffer();
  return { atlas, atlasSize: { width: W, height: H }, pictures };
}
