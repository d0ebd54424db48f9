// `?team=<room>`: the event team's readiness page. Behind the room's guide secret (asked in a password field, never in the
// URL; the server takes it only over TLS or from its own machine), it lists every headset and screen connected to the
// room: build version, offline copy (complete or not, MB), language, view, kiosk or not, following or not, last seen.
// A device that runs another build than the server serves, or whose offline copy is incomplete, is flagged in words (and
// colour). An idle kiosk on an old build can be asked to apply its waiting update now. A chunk of its own: visitors never
// load it.
import '../../app/csp.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { pick } from '../../content/format.ts';
import type { Exhibit, UiKey } from '../../content/schema.ts';
import type { Language } from '../../content/languages.ts';
import { GuideSocket } from '../guide/client.ts';
import { CLOSE, type Devices } from '../guide/protocol.ts';
import { deviceFlags, megabytes, secondsAgo, type DeviceFlag } from './readiness.ts';

type TeamStatus = 'login' | 'connecting' | 'connected' | 'offline' | 'bad-secret' | 'insecure';

const FLAG_WORDS: Record<DeviceFlag, UiKey> = {
  'old-version': 'teamOldVersion',
  'offline-incomplete': 'teamOfflineIncomplete',
  'no-status': 'teamNoStatus',
  disconnected: 'teamDisconnected',
};
const LANGUAGE_WORDS: Readonly<Record<string, UiKey>> = { zh: 'langZh', en: 'langEn', both: 'langBoth' };

function useTeam(room: string, secret: string | null) {
  const [status, setStatus] = useState<TeamStatus>('login');
  const [devices, setDevices] = useState<Devices | null>(null);
  const socketRef = useRef<GuideSocket | null>(null);
  useEffect(() => {
    if (secret === null) return;
    setStatus('connecting');
    let attempt = 0;
    let insecure = false;
    const socket = new GuideSocket({
      onOpen: () => socket.send({ type: 'hello', role: 'team', room, secret }),
      onMessage: (m) => {
        if (m.type === 'welcome') {
          attempt = 0;
          setStatus('connected');
        } else if (m.type === 'devices') setDevices(m);
        else if (m.type === 'error' && m.code === 'tls-required') insecure = true;
      },
      onClose: (code) => {
        if (code === CLOSE.insecure || insecure || code === CLOSE.unauthorized) {
          socket.close();
          setStatus(code === CLOSE.insecure || insecure ? 'insecure' : 'bad-secret');
          return;
        }
        setStatus('offline');
        socket.reconnect(attempt++);
      },
    });
    socketRef.current = socket;
    socket.connect();
    return () => {
      socket.close();
      socketRef.current = null;
    };
  }, [room, secret]);
  const askUpdate = (deviceId: string): boolean => socketRef.current?.send({ type: 'apply-update', deviceId }) ?? false;
  return { status, devices, askUpdate };
}

export function TeamPage({ exhibit, room, language }: { exhibit: Exhibit; room: string; language: Language }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [asked, setAsked] = useState<ReadonlySet<string>>(new Set());
  const { status, devices, askUpdate } = useTeam(room, secret);
  const t = (k: UiKey): string => pick(exhibit.exhibit.ui[k], language, ' · ');
  useEffect(() => {
    document.title = `${t('teamTitle')} · ${room}`;
    document.documentElement.dataset.ready = '1';
  });
  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const value = new FormData(e.currentTarget).get('secret');
    if (typeof value === 'string' && value.length > 0) setSecret(value);
  };
  const refused = status === 'bad-secret' || status === 'insecure';
  if (secret === null || refused) {
    return (
      <main className="team-page">
        <h1>{t('teamTitle')}</h1>
        <form className="guide-login" role="dialog" aria-label={t('guideSecret')} onSubmit={submit}>
          <label>
            {t('guideSecret')} <input type="password" name="secret" autoComplete="current-password" required />
          </label>
          <button type="submit">{t('guideConnect')}</button>
          {status === 'bad-secret' && <p role="alert">{t('guideBadSecret')}</p>}
          {status === 'insecure' && <p role="alert">{t('teamInsecure')}</p>}
        </form>
      </main>
    );
  }
  const serverVersion = devices?.serverVersion ?? null;
  const rows = (devices?.devices ?? []).map((d) => ({ d, flags: deviceFlags(d, serverVersion) }));
  const ready = rows.filter((r) => r.flags.length === 0).length;
  return (
    <main className="team-page" data-status={status}>
      <h1>{t('teamTitle')}</h1>
      <p className="team-summary">
        <span role="status">{status === 'connected' ? room : t(status === 'offline' ? 'guideOffline' : 'guideConnecting')}</span>
        {' · '}
        {t('teamServerVersion')}: <code className="team-server-version">{serverVersion ?? '—'}</code>
        {' · '}
        {t('teamDevices')}: <output className="team-count">{rows.length}</output>, {t('teamReadyCount')}:{' '}
        <output className="team-ready">{ready}</output>
      </p>
      {rows.length === 0 ? (
        <p>{t('teamNone')}</p>
      ) : (
        <table className="team-devices">
          <thead>
            <tr>
              <th scope="col">{t('teamDevice')}</th>
              <th scope="col">{t('teamKind')}</th>
              <th scope="col">{t('teamState')}</th>
              <th scope="col">{t('teamVersion')}</th>
              <th scope="col">{t('teamOffline')}</th>
              <th scope="col">{t('language')}</th>
              <th scope="col">{t('teamView')}</th>
              <th scope="col">{t('teamFollowing')}</th>
              <th scope="col">{t('teamLastSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ d, flags }) => {
              const s = d.status;
              const canUpdate = d.connected && s?.kiosk === true && flags.includes('old-version');
              return (
                <tr key={d.deviceId} data-device={d.deviceId} data-flagged={flags.length > 0} data-flags={flags.join(' ')}>
                  <th scope="row">
                    <code>{d.deviceId.slice(0, 8)}</code>
                  </th>
                  <td>{s === null ? '—' : t(s.kiosk ? 'teamKiosk' : 'teamVisitor')}</td>
                  <td className="team-state">
                    {flags.length === 0 ? (
                      <span className="team-ok">✓ {t('teamReady')}</span>
                    ) : (
                      <span className="team-flag">⚠ {flags.map((f) => t(FLAG_WORDS[f])).join(' · ')}</span>
                    )}
                    {canUpdate &&
                      (asked.has(d.deviceId) ? (
                        <span className="team-asked"> {t('teamUpdateAsked')}</span>
                      ) : (
                        <button
                          type="button"
                          onClick={() => {
                            if (askUpdate(d.deviceId)) setAsked(new Set([...asked, d.deviceId]));
                          }}
                        >
                          {t('teamUpdateNow')}
                        </button>
                      ))}
                  </td>
                  <td>
                    <code>{s?.version ?? '—'}</code>
                  </td>
                  <td className="team-offline">
                    {s === null ? '—' : `${t(s.offline.complete ? 'teamComplete' : 'teamIncomplete')}, ${megabytes(s.offline.bytes)} MB`}
                  </td>
                  <td>{s === null ? '—' : ((k) => (k ? t(k) : s.language))(LANGUAGE_WORDS[s.language])}</td>
                  <td>{s === null ? '—' : s.view.toUpperCase()}</td>
                  <td>{s === null || s.following === null ? '—' : t(s.following ? 'teamYes' : 'teamNo')}</td>
                  <td>
                    {secondsAgo(d.lastSeen, devices?.serverTime ?? d.lastSeen)} {t('teamSecondsAgo')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
