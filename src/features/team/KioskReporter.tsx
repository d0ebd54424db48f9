// `?kiosk=1&room=<name>`: the kiosk joins a live-guide room for status only (role `device`): it reports its readiness to
// the event team's page (src/features/guide/device.ts) and follows nobody. When the team asks it to apply a waiting update,
// it does so at once if it is idle (its attract loop, not in VR), otherwise at its next idle reset as always.
// `?kiosk=1&share=<name>`: the same, and the booth's headset shows its view on the room's booth screens (`?watch=`)
// all the time, without the visitor doing anything: the scene's frame loop hands the pose here (ShareView.tsx) and the
// headset says so while it does (the caption board in VR, a line on the page).
// A chunk of its own, loaded only with those parameters.
import '../../app/csp.ts';
import { useEffect } from 'react';
import { pick } from '../../content/format.ts';
import type { Exhibit } from '../../content/schema.ts';
import { applyUpdateIfWaiting } from '../../app/pwa.ts';
import { GuideSocket } from '../guide/client.ts';
import { StatusReporter } from '../guide/device.ts';
import { CLOSE } from '../guide/protocol.ts';
import { deviceId } from '../guide/deviceId.ts';
import { poseMessage } from '../guide/tools.ts';
import { kioskIsIdle } from '../kiosk/phase.ts';
import { useExhibit, useExhibitStore } from '../../state/context.tsx';

export function KioskReporter({ exhibit, room, share = false }: { exhibit: Exhibit; room: string; share?: boolean }) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const sharing = useExhibit((s) => s.sharingView);
  useEffect(() => {
    const id = deviceId();
    let attempt = 0;
    const reporter = new StatusReporter(
      () => {
        const s = store.getState();
        return { language: s.language, view: s.inXR ? 'vr' : s.view, kiosk: true, following: null };
      },
      (m) => socket.send(m),
    );
    const socket = new GuideSocket({
      onOpen: () => socket.send({ type: 'hello', role: 'device', room, clientId: id }),
      onMessage: (m) => {
        if (m.type === 'welcome') {
          attempt = 0;
          reporter.connected();
          // The server forgets the sharing with each old socket.
          if (share) socket.send({ type: 'share', on: true });
        } else if (m.type === 'apply-update') {
          // Only between visitors; otherwise the next idle reset applies it (Kiosk.tsx).
          if (kioskIsIdle() && !store.getState().inXR) applyUpdateIfWaiting();
        }
      },
      onClose: (code) => {
        reporter.disconnected();
        if (code === CLOSE.unauthorized) return socket.close();
        socket.reconnect(attempt++);
      },
    });
    const sink = store.getState().viewSink;
    if (share) {
      sink.send = (p) => void socket.send(poseMessage(p));
      store.getState().setSharingView(true);
    }
    socket.connect();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.language !== prev.language || s.view !== prev.view || s.inXR !== prev.inXR) reporter.changed();
    });
    return () => {
      unsubscribe();
      if (share) {
        sink.send = null;
        store.getState().setSharingView(false);
      }
      reporter.stop();
      socket.close();
    };
  }, [room, share, store]);
  if (!share || !sharing) return null;
  return (
    <p className="kiosk-sharing" role="status">
      {pick(exhibit.exhibit.ui.shareViewOn, language, ' · ')}
    </p>
  );
}
