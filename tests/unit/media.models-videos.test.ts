// The build's checks of a panel's 3D model and video (build/media.ts), where a model stands (src/layout/media.ts),
// and what the text timeline and the layout make of them.
import { metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { checkModel, checkVideo, MediaError, OFFLINE_MEDIA_MAX_BYTES, VIDEO_MAX_BYTES } from '../../build/media.ts';
import { panelText } from '../../src/layout/panel.ts';
import { LINE_HEIGHT } from '../../src/layout/constants.ts';
import { modelPlace } from '../../src/layout/media.ts';
import { corridorLayout } from '../../src/layout/corridor.ts';
import { sceneSchemas } from '../../src/content/schema.ts';
import { videoRect } from '../../src/scene/PanelVideo.tsx';
import { MP4_SIGNATURE, tinyGlb, WEBM_SIGNATURE } from '../fixtures/media.ts';
import { exhibit as iamm } from 'virtual:exhibit';

describe('a panel’s 3D model, checked at build time', () => {
  it('accepts a self-contained glTF 2.0 binary', () => {
    const glb = tinyGlb();
    expect(glb.length).toBeLessThan(2048);
    expect(glb.length).toBeLessThan(OFFLINE_MEDIA_MAX_BYTES);
    expect(() => checkModel(glb, 'media/pyramid.glb')).not.toThrow();
  });

  it('refuses a compressed model, naming the compression, since the exhibit ships no decoder', () => {
    for (const [ext, name] of [
      ['KHR_draco_mesh_compression', 'Draco'],
      ['EXT_meshopt_compression', 'meshopt'],
      ['KHR_texture_basisu', 'KTX2 / Basis'],
    ] as const) {
      const glb = tinyGlb({ extensionsUsed: [ext], extensionsRequired: [ext] });
      expect(() => checkModel(glb, 'media/x.glb')).toThrow(MediaError);
      expect(() => checkModel(glb, 'media/x.glb')).toThrow(`media/x.glb: uses ${ext} (${name} compression)`);
    }
  });

  it('refuses a .gltf that needs separate files, glTF 1.0 and what is not glTF', () => {
    const separate = Buffer.from(JSON.stringify({ asset: { version: '2.0' }, buffers: [{ uri: 'scene.bin', byteLength: 4 }] }));
    expect(() => checkModel(separate, 'media/x.gltf')).toThrow('refers to the separate file "scene.bin"');
    const embedded = Buffer.from(
      JSON.stringify({ asset: { version: '2.0' }, buffers: [{ uri: 'data:application/octet-stream;base64,AAAA' }] }),
    );
    expect(() => checkModel(embedded, 'media/x.gltf')).not.toThrow();
    expect(() => checkModel(Buffer.from(JSON.stringify({ asset: { version: '1.0' } })), 'media/x.gltf')).toThrow('only glTF 2.0');
    expect(() => checkModel(Buffer.from('not a model'), 'media/x.glb')).toThrow('neither a binary glTF');
  });
});

describe('a panel’s video, checked at build time', () => {
  it('accepts WebM and MP4 by their signature, refuses a mislabelled or oversized file', () => {
    expect(() => checkVideo(WEBM_SIGNATURE, 'media/a.webm')).not.toThrow();
    expect(() => checkVideo(MP4_SIGNATURE, 'media/a.mp4')).not.toThrow();
    expect(() => checkVideo(MP4_SIGNATURE, 'media/a.webm')).toThrow('not a WebM file');
    expect(() => checkVideo(WEBM_SIGNATURE, 'media/a.mp4')).toThrow('not an MP4 file');
    const big = Buffer.concat([WEBM_SIGNATURE, Buffer.alloc(VIDEO_MAX_BYTES)]);
    expect(() => checkVideo(big, 'media/a.webm')).toThrow('more than the 16 MB');
  });
});

describe('models and videos on the panels', () => {
  const { Milestone } = sceneSchemas(['en'], 'events');
  const event = Milestone.parse({
    id: 'moon',
    start: 1969,
    end: 1969,
    label: { en: '1969' },
    title: { en: 'Moon landing' },
    accent: '#4cc9f0',
    body: [{ en: 'The **Apollo 11** crew landed.' }],
    media: [
      { file: 'media/landing.webm', caption: { en: 'The landing, filmed' }, credit: 'NASA' },
      { file: 'media/lander.glb', caption: { en: 'The lunar module' }, alt: { en: 'A model of the lunar module' } },
    ],
  });

  it('a video takes the picture’s place; a model a clear band under it, with its caption', () => {
    const text = panelText(event, 'en', { width: 2.6, minHeight: 1.6 }, metrics, ['en']);
    expect(text.pictures).toEqual([
      expect.objectContaining({ kind: 'video', file: 'media/landing.webm' }),
      expect.objectContaining({ kind: 'model', file: 'media/lander.glb' }),
    ]);
    const captions = text.blocks.filter((b) => b.role === 'caption').map((b) => b.text.replace(/\n/g, ' '));
    expect(captions).toEqual(['The landing, filmed', 'NASA', 'The lunar module']);
  });

  it('the model stands in front of its band on the panel, clear of every text and of the panel as it turns', () => {
    const withModel = {
      ...iamm,
      exhibit: { ...iamm.exhibit, languages: ['en'], defaultLanguage: 'en' },
      content: { ...iamm.content, kind: 'events' as const, milestones: [event, { ...event, id: 'moon-2', media: [] }] },
    };
    const layout = corridorLayout(withModel, 'en', metrics);
    const slot = layout.slots[0]!;
    const place = modelPlace(slot)!;
    expect(place.file).toBe('media/lander.glb');
    expect(modelPlace(layout.slots[1]!)).toBeNull();
    // In panel-local height (y up from the panel's top edge), the model's box is inside no text block's lines.
    const top = place.centre[1] - (slot.position[1] + slot.height / 2);
    const [lo, hi] = [top - place.size / 2, top + place.size / 2];
    for (const b of slot.text.blocks) {
      const bTop = b.y;
      const bBottom = b.y - b.lines * b.fontSize * LINE_HEIGHT;
      expect(hi <= bBottom + 1e-9 || lo >= bTop - 1e-9, b.key).toBe(true);
    }
    // Out from the panel's face by more than half its diagonal: it never touches the panel as it turns.
    const out = (place.centre[0] - slot.position[0]) * Math.sin(slot.yaw) + (place.centre[2] - slot.position[2]) * Math.cos(slot.yaw);
    expect(out).toBeGreaterThan((place.size * Math.SQRT2) / 2);
  });

  it('a video keeps its own proportions inside its place', () => {
    const p = { key: 'k', kind: 'video' as const, file: 'f', x: -1, y: -0.2, width: 2, height: 0.9 };
    expect(videoRect(p, 4 / 3)).toEqual({ x: 0, y: -0.65, width: 1.2, height: 0.9 });
    expect(videoRect(p, null)).toEqual({ x: 0, y: -0.65, width: 2, height: 0.9 });
  });
});
