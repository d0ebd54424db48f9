// `?kiosk=1&room=<name>`: the kiosk joins a live-guide room for status only (role `device`): it reports its readiness to
// the event team's page (src/features/guide/device.ts) and follows nobody. When the team asks it to apply a waiting update,
// it does so at once if it is idle (its attract loop, not in VR), otherwise at its next idle reset as always.
// A chunk of its own, loaded only with those parameters.
import '../../app/csp.ts';
import { useEffect } from 'react';
import { applyUpdateIfWaiting } from '../../app/pwa.ts';
import { GuideSocket } from '../guide/client.ts';
import { StatusReporter } from '../guide/device.ts';
import { CLOSE } from '../guide/protocol.ts';
import { deviceId } from '../guide/deviceId.ts';
import { kioskIsIdle } from '../kiosk/phase.ts';
import { useExhibitStore } from '../../state/context.tsx';

export function KioskReporter({ room }: { room: string }) {
  const store = useExhibitStore();
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
    socket.connect();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.language !== prev.language || s.view !== prev.view || s.inXR !== prev.inXR) reporter.changed();
    });
    return () => {
      unsubscribe();
      reporter.stop();
      socket.close();
    };
  }, [room, store]);
  return null;
}
