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

// --- 3D models and videos ---------------------------------------------------------------------------------
// A milestone's model (.glb, or a .gltf with its data embedded) or short video (.webm, .mp4) is checked and copied as
// a hashed asset of the build (self-hosted). Models must not need a decoder: Draco, meshopt and KTX2 / Basis
// compressed models are refused with a message (the exhibit ships no decoder and fetches none). Files above the
// limits are refused; files up to OFFLINE_MEDIA_MAX_BYTES go into the offline copy, larger ones are fetched
// when shown, online only.

export const MODEL_FILE = /\.(glb|gltf)$/i;
export const VIDEO_FILE = /\.(webm|mp4)$/i;
/** The largest model the build accepts, in bytes. */
export const MODEL_MAX_BYTES = 8 * 1024 * 1024;
/** The largest video the build accepts, in bytes ("a short video"). */
export const VIDEO_MAX_BYTES = 16 * 1024 * 1024;
/** Models and videos up to this size (each) are in the offline copy; larger ones are left out of it. */
export const OFFLINE_MEDIA_MAX_BYTES = 1024 * 1024;
/** glTF extensions that need a decoder the exhibit does not ship. */
const NEEDS_DECODER: Record<string, string> = {
  KHR_draco_mesh_compression: 'Draco',
  EXT_meshopt_compression: 'meshopt',
  KHR_meshopt_compression: 'meshopt',
  KHR_texture_basisu: 'KTX2 / Basis',
};

export class MediaError extends Error {}

/** The glTF JSON of a .glb or .gltf file; throws MediaError on a file that is not one. */
function gltfJson(data: Buffer, file: string): { json: Record<string, unknown>; glb: boolean } {
  if (data.length >= 12 && data.readUInt32LE(0) === 0x46546c67) {
    const version = data.readUInt32LE(4);
    if (version !== 2) throw new MediaError(`${file}: glTF version ${version}; only glTF 2.0 models are shown (re-export it as glTF 2.0)`);
    const chunkLength = data.readUInt32LE(12);
    if (data.readUInt32LE(16) !== 0x4e4f534a || 20 + chunkLength > data.length)
      throw new MediaError(`${file}: not a valid binary glTF (its first chunk is not JSON); re-export it as .glb`);
    try {
      return { json: JSON.parse(data.subarray(20, 20 + chunkLength).toString('utf8')) as Record<string, unknown>, glb: true };
    } catch {
      throw new MediaError(`${file}: the JSON chunk of this .glb cannot be read; re-export it as .glb`);
    }
  }
  try {
    return { json: JSON.parse(data.toString('utf8')) as Record<string, unknown>, glb: false };
  } catch {
    throw new MediaError(`${file}: neither a binary glTF (.glb) nor glTF JSON; export the model as .glb`);
  }
}

/** Checks a model: glTF 2.0, self-contained, no compression that needs a decoder. Throws MediaError saying what to do. */
export function checkModel(data: Buffer, file: string): void {
  if (data.length > MODEL_MAX_BYTES)
    throw new MediaError(
      `${file}: ${(data.length / 1048576).toFixed(1)} MB is more than the ${MODEL_MAX_BYTES / 1048576} MB a panel's model may have; simplify it or reduce its textures`,
    );
  const { json } = gltfJson(data, file);
  const version = (json.asset as { version?: unknown } | undefined)?.version;
  if (typeof version !== 'string' || !version.startsWith('2.'))
    throw new MediaError(`${file}: glTF version ${String(version)}; only glTF 2.0 models are shown (re-export it as glTF 2.0)`);
  const used = [...((json.extensionsUsed as string[] | undefined) ?? []), ...((json.extensionsRequired as string[] | undefined) ?? [])];
  for (const ext of used)
    if (NEEDS_DECODER[ext])
      throw new MediaError(
        `${file}: uses ${ext} (${NEEDS_DECODER[ext]} compression), which needs a decoder the exhibit does not ship; export the model without ${NEEDS_DECODER[ext]} compression (e.g. gltf-transform copy, or Blender's exporter with compression off)`,
      );
  for (const key of ['buffers', 'images'] as const) {
    for (const item of (json[key] as Array<{ uri?: string }> | undefined) ?? []) {
      if (item.uri !== undefined && !item.uri.startsWith('data:'))
        throw new MediaError(
          `${file}: refers to the separate file "${item.uri}"; a panel's model must be one file: export it as .glb (binary glTF)`,
        );
    }
  }
}

/** Checks a video by its container's signature: WebM (EBML) or MP4 (ftyp). Throws MediaError. */
export function checkVideo(data: Buffer, file: string): void {
  if (data.length > VIDEO_MAX_BYTES)
    throw new MediaError(
      `${file}: ${(data.length / 1048576).toFixed(1)} MB is more than the ${VIDEO_MAX_BYTES / 1048576} MB a panel's video may have; shorten it or lower its bitrate`,
    );
  const webm = data.length >= 4 && data.readUInt32BE(0) === 0x1a45dfa3;
  const mp4 = data.length >= 12 && data.toString('latin1', 4, 8) === 'ftyp';
  if (/\.webm$/i.test(file) && !webm)
    throw new MediaError(`${file}: not a WebM file (no EBML header); convert it to WebM (VP8/VP9) or MP4 (H.264)`);
  if (/\.mp4$/i.test(file) && !mp4) throw new MediaError(`${file}: not an MP4 file (no ftyp box); convert it to MP4 (H.264) or WebM`);
}

export interface MediaFileBuild {
  kind: 'model' | 'video';
  data: Buffer;
  /** Whether it goes into the offline copy (at most OFFLINE_MEDIA_MAX_BYTES). */
  offline: boolean;
}

/** Every model and video of the exhibit, checked (throws MediaError), in order of appearance. */
export function buildModelsAndVideos(exhibit: Exhibit, scenesDir: string): Record<string, MediaFileBuild> {
  const out: Record<string, MediaFileBuild> = {};
  for (const m of exhibit.content.milestones)
    for (const item of m.media ?? []) {
      const file = item.file;
      if (!file || out[file] || !(MODEL_FILE.test(file) || VIDEO_FILE.test(file))) continue;
      const full = path.join(scenesDir, file);
      const shown = path.relative(process.cwd(), full) || file;
      const data = readFileSync(full);
      const kind = MODEL_FILE.test(file) ? 'model' : 'video';
      if (kind === 'model') checkModel(data, shown);
      else checkVideo(data, shown);
      out[file] = { kind, data, offline: data.length <= OFFLINE_MEDIA_MAX_BYTES };
    }
  return out;
}
