// `?watch=<room>`: a booth screen. It renders the same exhibit and shows, in the same corridor, the view of the headset of
// the room that shares it (src/features/guide/tools.ts smooths the poses; src/scene/Viewer.tsx draws from them). It makes
// no movement of its own (its own moves are held, as a guide's hold does), takes the headset's language and focus, and
// says whose view it shows: the headset's short random id, nothing personal.
import '../../app/csp.ts';
import { useEffect, useState } from 'react';
import { pick } from '../../content/format.ts';
import { LANGUAGES, type Language } from '../../content/languages.ts';
import type { Exhibit, UiKey } from '../../content/schema.ts';
import { useExhibit, useExhibitStore } from '../../state/context.tsx';
import { GuideSocket } from './client.ts';
import { CLOSE } from './protocol.ts';
import type { WatchFeed } from './tools.ts';

export function WatchScreen({ exhibit, room, feed }: { exhibit: Exhibit; room: string; feed: WatchFeed }) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const [sharer, setSharer] = useState<string | null>(null);
  const [connected, setConnected] = useState(false);
  const t = (k: UiKey): string => pick(exhibit.exhibit.ui[k], language, ' · ');

  useEffect(() => {
    let attempt = 0;
    let shown: string | null = null;
    // The screen's own moves (keys, clicks, links) are refused: only the headset moves it.
    store.getState().setGuideTools(null, true);
    const socket = new GuideSocket({
      onOpen: () => socket.send({ type: 'hello', role: 'watcher', room }),
      onMessage: (m) => {
        if (m.type === 'welcome') {
          attempt = 0;
          setConnected(true);
        } else if (m.type === 'view') {
          if (m.sharer !== shown) {
            shown = m.sharer;
            feed.smoother.clear();
            setSharer(m.sharer);
          }
          const p = m.pose;
          if (!p) return;
          const now = performance.now();
          feed.smoother.push(now, p);
          feed.lastAt = now;
          feed.wake();
          const s = store.getState();
          if ((LANGUAGES as readonly string[]).includes(p.language) && p.language !== s.language) s.setLanguage(p.language as Language);
          // The headset's focus, as if walked to (no glide: the camera follows the pose).
          if (p.milestone !== s.focusedId) s.focus(p.milestone, 'walk');
        }
      },
      onClose: (code) => {
        setConnected(false);
        if (code === CLOSE.unauthorized) return socket.close();
        socket.reconnect(attempt++);
      },
    });
    socket.connect();
    return () => {
      socket.close();
      store.getState().setGuideTools(null, false);
    };
  }, [room, store, feed]);

  return (
    <div
      className="guide-pill watch-label"
      data-role="watcher"
      data-status={connected ? 'connected' : 'connecting'}
      data-sharer={sharer ?? ''}
    >
      <strong>{t('watchTitle')}</strong>
      <span role="status">{sharer ? `${t('watchShowing')} ${sharer}` : t('watchNobody')}</span>
    </div>
  );
}
