// Sharing this headset's view with a booth screen (`?watch=<room>`): while the visitor has it on, each frame offers the
// head's pose (in VR: the headset's, else the desktop eyes) to the live guide's socket, which sends at most
// SHARE_POSES_PER_S and only on change (src/features/guide/tools.ts). Draws nothing; allocates nothing per frame.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { Euler } from 'three';
import { headInWorld, type Rig } from '../features/locomotion/motion.ts';
import { createShareSender, shouldSend } from '../features/guide/tools.ts';
import type { SharedPose } from '../state/store.ts';
import { useExhibitStore } from '../state/context.tsx';

export function ShareView({ rig }: { rig: Rig }) {
  const store = useExhibitStore();
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  // The demand-driven loop draws no frame while the visitor stands still: switching sharing on asks for one, so the
  // first pose goes out at once (then every move draws frames, and so sends).
  useEffect(() => store.subscribe((s, prev) => s.sharingView && !prev.sharingView && invalidate()), [store, invalidate]);
  const scratch = useMemo(
    () => ({
      sender: createShareSender(),
      head: { x: 0, z: 0, yaw: 0 },
      euler: new Euler(0, 0, 0, 'YXZ'),
      pose: { x: 0, y: 0, z: 0, yaw: 0, pitch: 0, language: 'en', milestone: null } as SharedPose,
    }),
    [],
  );
  useFrame(() => {
    const s = store.getState();
    const send = s.viewSink.send;
    if (!s.sharingView || !send) return;
    const { pose, head, euler, sender } = scratch;
    if (rig.inXR) {
      headInWorld(rig.view, rig.head, head);
      pose.x = head.x;
      pose.y = rig.head.y + rig.lift;
      pose.z = head.z;
      pose.yaw = head.yaw;
      pose.pitch = euler.setFromQuaternion(gl.xr.getCamera().quaternion, 'YXZ').x;
    } else {
      pose.x = rig.view.x;
      pose.y = rig.view.y;
      pose.z = rig.view.z;
      pose.yaw = rig.view.yaw;
      pose.pitch = rig.view.pitch;
    }
    pose.language = s.language;
    pose.milestone = s.focusedId;
    if (shouldSend(sender, pose, performance.now())) send(pose);
  });
  return null;
}
