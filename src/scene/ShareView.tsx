// Sharing this headset's view with a booth screen (`?watch=<room>`): while the visitor has it on, each frame offers the
// head's pose (in VR: the headset's, else the desktop eyes) to the live guide's socket, which sends at most
// SHARE_POSES_PER_S and only on change (src/features/guide/tools.ts). The desktop loop draws only on demand: after each
// frame it asks for one more when the next pose is due (a move's last pose held back by the interval, the heartbeat),
// or the screen would stay where the last pose sent left it. Draws nothing; allocates nothing per frame.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { Euler } from 'three';
import { headInWorld, type Rig } from '../features/locomotion/motion.ts';
import { createShareSender, nextSendIn, shouldSend } from '../features/guide/tools.ts';
import type { SharedPose } from '../state/store.ts';
import { useExhibitStore } from '../state/context.tsx';

export function ShareView({ rig }: { rig: Rig }) {
  const store = useExhibitStore();
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  // The demand-driven loop draws no frame while the visitor stands still: switching sharing on asks for one, so the
  // first pose goes out at once (then every move draws frames, and each frame asks for the next one due).
  useEffect(() => store.subscribe((s, prev) => s.sharingView && !prev.sharingView && invalidate()), [store, invalidate]);
  const scratch = useMemo(
    () => ({
      sender: createShareSender(),
      head: { x: 0, z: 0, yaw: 0 },
      euler: new Euler(0, 0, 0, 'YXZ'),
      pose: { x: 0, y: 0, z: 0, yaw: 0, pitch: 0, language: 'en', milestone: null } as SharedPose,
      /** The pending ask for a frame (0: none), one at a time, and when it fires (performance.now()). */
      timer: 0,
      dueAt: 0,
    }),
    [],
  );
  const wake = useMemo(
    () => () => {
      scratch.timer = 0;
      invalidate();
    },
    [scratch, invalidate],
  );
  useEffect(() => () => window.clearTimeout(scratch.timer), [scratch]);
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
    const now = performance.now();
    if (shouldSend(sender, pose, now)) send(pose);
    // In VR the session draws every frame: only the desktop's loop, which draws on demand, needs asking.
    if (rig.inXR) return;
    const wait = nextSendIn(sender, pose, now);
    if (scratch.timer !== 0 && scratch.dueAt <= now + wait) return;
    window.clearTimeout(scratch.timer);
    scratch.dueAt = now + wait;
    scratch.timer = window.setTimeout(wake, wait);
  });
  return null;
}
