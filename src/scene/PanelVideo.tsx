// A panel's video: a muted video texture in the picture's place, playing (looped) while the visitor is at its
// milestone and paused on its current frame otherwise; until it has a frame, the panel shows its text only. The
// file is fetched after the first frame (mounted once the text is on screen). Draws what src/layout placed.
import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useState } from 'react';
import { MeshBasicMaterial, PlaneGeometry, SRGBColorSpace, VideoTexture } from 'three';
import type { MediaFiles } from '../content/pictures.ts';
import type { CorridorLayout, PanelSlot } from '../layout/corridor.ts';
import type { PanelPicture } from '../layout/panel.ts';
import { useExhibit } from '../state/context.tsx';
import { PLATE_DEPTH_M } from '../layout/constants.ts';

/** In front of the panel's face, as the pictures. */
const VIDEO_LIFT_M = 0.003;

/** The video's quad: its own proportions inside the rectangle the layout gave it, centred (pure; exported for tests). */
export function videoRect(p: PanelPicture, aspect: number | null): { x: number; y: number; width: number; height: number } {
  let { width, height } = p;
  if (aspect && aspect > 0) {
    if (width / height > aspect) width = height * aspect;
    else height = width / aspect;
  }
  return { x: p.x + p.width / 2, y: p.y - p.height / 2, width, height };
}

function Video({ slot, p, src, playing }: { slot: PanelSlot; p: PanelPicture; src: string; playing: boolean }) {
  const invalidate = useThree((s) => s.invalidate);
  const [aspect, setAspect] = useState<number | null>(null);
  const [ready, setReady] = useState(false);
  const video = useMemo(() => {
    const v = document.createElement('video');
    v.muted = true;
    v.loop = true;
    v.playsInline = true;
    v.preload = 'auto';
    v.src = src;
    return v;
  }, [src]);
  const texture = useMemo(() => {
    const t = new VideoTexture(video);
    t.colorSpace = SRGBColorSpace;
    return t;
  }, [video]);
  const material = useMemo(() => new MeshBasicMaterial({ map: texture, toneMapped: false }), [texture]);
  const geometry = useMemo(() => new PlaneGeometry(1, 1), []);

  useEffect(() => {
    const onMeta = (): void => setAspect(video.videoWidth && video.videoHeight ? video.videoWidth / video.videoHeight : null);
    // The first frame is the poster: shown once decoded, before any play.
    const onData = (): void => {
      setReady(true);
      texture.needsUpdate = true;
      invalidate();
    };
    video.addEventListener('loadedmetadata', onMeta);
    video.addEventListener('loadeddata', onData);
    // It may have got that far before this effect ran.
    if (video.readyState >= HTMLMediaElement.HAVE_METADATA) onMeta();
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) onData();
    return () => {
      video.removeEventListener('loadedmetadata', onMeta);
      video.removeEventListener('loadeddata', onData);
      video.pause();
      video.removeAttribute('src');
      video.load();
      texture.dispose();
      material.dispose();
      geometry.dispose();
    };
  }, [video, texture, material, geometry, invalidate]);

  useEffect(() => {
    if (!playing) {
      video.pause();
      return;
    }
    let live = true;
    // A frame for each new video frame while it plays (the canvas draws on demand).
    const onFrame = (): void => {
      if (!live) return;
      invalidate();
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    video.play().catch(() => undefined);
    return () => {
      live = false;
      video.pause();
    };
  }, [playing, video, invalidate]);

  const r = videoRect(p, aspect);
  const c = Math.cos(slot.yaw);
  const s = Math.sin(slot.yaw);
  const z = PLATE_DEPTH_M / 2 + VIDEO_LIFT_M;
  const y = slot.height / 2 + r.y;
  return (
    <mesh
      name="panel-video"
      visible={ready}
      geometry={geometry}
      material={material}
      position={[slot.position[0] + r.x * c + z * s, slot.position[1] + y, slot.position[2] - r.x * s + z * c]}
      rotation={[0, slot.yaw, 0]}
      scale={[r.width, r.height, 1]}
      raycast={() => null}
    />
  );
}

export function PanelVideos({ layout, mediaFiles }: { layout: CorridorLayout; mediaFiles: MediaFiles }) {
  const drawn = useExhibit((s) => s.drawn['3d']);
  const focusedId = useExhibit((s) => s.focusedId);
  if (!drawn) return null;
  return (
    <>
      {layout.slots.flatMap((slot) =>
        slot.text.pictures
          .filter((p) => p.kind === 'video' && mediaFiles[p.file])
          .map((p) => <Video key={p.key} slot={slot} p={p} src={mediaFiles[p.file]!.src} playing={slot.id === focusedId} />),
      )}
    </>
  );
}
