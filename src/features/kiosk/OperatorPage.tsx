// The kiosk's operator page (?operator): a PIN form (checked on the device against scenes/exhibit.yaml's
// kiosk.operatorPin, with a lockout after too many wrong tries), then the visit log kept on this device:
// a bar chart and a table of dwell time per milestone, visit count, languages and tours used, CSV export
// and clearing the log. Nothing of the log is read before the PIN is right.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { languageLabel, pick, yearsText } from '../../content/format.ts';
import type { Exhibit, KioskSettings, Language, UiKey } from '../../content/schema.ts';
import type { Tour } from '../../content/tours.ts';
import { checkPin, parsePinState } from './pin.ts';
import { summarize, visitsToCsvParts, type LogSummary, type Visit } from './visitLog.ts';
import { PENDING_VISIT_KEY, VisitStore } from './visitStore.ts';
import { megabytes, storageFigures, type StorageFigures } from './persist.ts';
import { readItem, readJson, removeItem, writeJson } from '../../app/storage.ts';
import { useOfflineCopy } from './useOfflineCopy.ts';

const PIN_STATE_KEY = 'iamm.kiosk.pinState';

type Say = (k: UiKey) => string;

const readPinState = () => parsePinState(readItem(PIN_STATE_KEY));
// Without storage the lockout lasts as long as the page.
const writePinState = (s: object): void => void writeJson(PIN_STATE_KEY, s);

/** Whether the browser keeps this exhibit's data, how much it uses, and how long the log keeps visits. */
function StorageInfo({ kiosk, t }: { kiosk: KioskSettings; t: Say }) {
  const [figures, setFigures] = useState<StorageFigures | null>(null);
  useEffect(() => {
    let live = true;
    void storageFigures(navigator.storage).then((f) => live && setFigures(f));
    return () => {
      live = false;
    };
  }, []);
  const r = kiosk.retention;
  const retention =
    r && (r.days !== undefined || r.records !== undefined)
      ? [r.days !== undefined ? `${r.days} d` : null, r.records !== undefined ? `${r.records}` : null].filter(Boolean).join(' · ')
      : t('operatorRetentionAll');
  return (
    <section className="operator-storage" aria-label={t('operatorStorage')}>
      <h2>{t('operatorStorage')}</h2>
      {figures && (
        <p data-persisted={String(figures.persisted)} className={figures.persisted ? undefined : 'operator-warning'}>
          {figures.persisted ? t('operatorStorageKept') : t('operatorStorageBestEffort')}
        </p>
      )}
      {figures && figures.usage !== null && figures.quota !== null && (
        <p className="operator-usage">
          {megabytes(figures.usage)} / {megabytes(figures.quota)}
        </p>
      )}
      <OfflineInfo t={t} />
      <p className="operator-retention">
        {t('operatorRetention')}: {retention}
      </p>
    </section>
  );
}

/** The offline copy: complete, still downloading, or partly evicted (then fetched again as soon as the device is online). */
function OfflineInfo({ t }: { t: Say }) {
  const { copy, state, refilling } = useOfflineCopy({ firstMs: 0, intervalMs: null });
  if (!copy || !state) return null;
  const word = {
    complete: t('operatorOfflineComplete'),
    filling: t('operatorOfflineFilling'),
    evicted: t('operatorOfflineEvicted'),
    none: t('operatorOfflineNone'),
  }[state];
  const next =
    state === 'complete' || state === 'none'
      ? null
      : refilling
        ? t('operatorOfflineRefetching')
        : navigator.onLine
          ? null
          : t('operatorOfflineWhenOnline');
  return (
    <p className={state === 'complete' ? 'operator-offline' : 'operator-offline operator-warning'} data-offline={state}>
      {t('operatorOffline')}: {word}
      {copy.expected > 0 && ` (${copy.cached} / ${copy.expected}, ${megabytes(copy.bytes)})`}
      {next !== null && ` · ${next}`}
    </p>
  );
}

function PinForm({ kiosk, t, onUnlock }: { kiosk: KioskSettings; t: Say; onUnlock: () => void }) {
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const now = Date.now();
    const r = checkPin(readPinState(), pin, { pin: kiosk.operatorPin, tries: kiosk.pinTries, lockoutMs: kiosk.lockoutSeconds * 1000 }, now);
    writePinState(r.state);
    setPin('');
    if (r.outcome === 'ok') onUnlock();
    else if (r.outcome === 'wrong') setMessage(t('operatorBadPin'));
    else setMessage(`${t('operatorLocked')} ${Math.max(1, Math.ceil((r.state.lockedUntil - now) / 1000))}`);
  };
  return (
    <form className="operator-pin" onSubmit={submit}>
      <label>
        {t('operatorPin')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          autoFocus
        />
      </label>
      <button type="submit">{t('operatorUnlock')}</button>
      {message !== null && (
        <p className="operator-error" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}

const BAR_AREA_PX = 420;
const LABEL_PX = 110;
const ROW_PX = 34;

/** Total dwell per milestone as horizontal bars; every bar carries its milestone and figures as text. */
function DwellChart({ summary, label, t }: { summary: LogSummary; label: (id: string) => string; t: Say }) {
  const max = Math.max(1, ...summary.milestones.map((m) => m.totalSeconds));
  const width = LABEL_PX + BAR_AREA_PX + 150;
  const height = summary.milestones.length * ROW_PX + 8;
  return (
    <figure className="operator-chart">
      <figcaption>{t('operatorTotalDwell')}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="list" aria-label={t('operatorTotalDwell')}>
        {summary.milestones.map((m, i) => {
          const y = i * ROW_PX + 4;
          const w = Math.round((m.totalSeconds / max) * BAR_AREA_PX);
          const text = `${label(m.id)}: ${m.totalSeconds} ${t('operatorSeconds')}`;
          return (
            <g key={m.id} role="listitem" aria-label={text} data-id={m.id}>
              <text x={LABEL_PX - 8} y={y + ROW_PX / 2} textAnchor="end" dominantBaseline="middle" aria-hidden="true">
                {label(m.id)}
              </text>
              <rect x={LABEL_PX} y={y + 4} width={Math.max(w, 1)} height={ROW_PX - 10} rx={3} />
              <text x={LABEL_PX + Math.max(w, 1) + 8} y={y + ROW_PX / 2} dominantBaseline="middle" aria-hidden="true">
                {m.totalSeconds} {t('operatorSeconds')}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function LogView({ exhibit, tours, t, language }: { exhibit: Exhibit; tours: readonly Tour[]; t: Say; language: Language }) {
  const milestones = exhibit.content.milestones;
  const [visits, setVisits] = useState<Visit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [cleared, setCleared] = useState(false);

  const load = async (): Promise<void> => {
    try {
      const db = await VisitStore.open(window.indexedDB);
      // The kiosk's visit in progress (or the one a navigation here cut short) is newest in localStorage.
      await db.adoptPending(readJson(PENDING_VISIT_KEY));
      setVisits(await db.all());
      db.close();
    } catch (e) {
      setError(String(e));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const summary = useMemo(
    () =>
      visits
        ? summarize(
            visits,
            milestones.map((m) => m.id),
          )
        : null,
    [visits, milestones],
  );
  const label = (id: string): string => {
    const m = milestones.find((x) => x.id === id);
    return m ? yearsText(m) : id;
  };
  const exportCsv = (): void => {
    if (!visits) return;
    const titles = new Map(milestones.map((m) => [m.id, m.title]));
    const parts = [...visitsToCsvParts(visits, (id) => titles.get(id))];
    const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `iamm-visits-${new Date().toISOString().slice(0, 10)}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  const clear = async (): Promise<void> => {
    const db = await VisitStore.open(window.indexedDB);
    await db.clear();
    db.close();
    removeItem(PENDING_VISIT_KEY);
    setConfirming(false);
    setCleared(true);
    await load();
  };

  if (error !== null) return <p className="operator-error">{error}</p>;
  if (!summary || !visits) return null;
  const tourName = (id: string): string =>
    id === '' ? t('operatorNoTour') : pick(tours.find((x) => x.id === id)?.title ?? { zh: id, en: id }, language, ' · ');
  return (
    <div className="operator-log">
      <p className="operator-visits">
        {t('operatorVisits')}: <strong>{summary.visits}</strong>
      </p>
      {cleared && <p role="status">{t('operatorCleared')}</p>}
      {summary.visits === 0 ? (
        <p>{t('operatorEmpty')}</p>
      ) : (
        <>
          <DwellChart summary={summary} label={label} t={t} />
          <table className="operator-table">
            <thead>
              <tr>
                <th scope="col">{t('operatorMilestone')}</th>
                <th scope="col">{t('operatorVisits')}</th>
                <th scope="col">{t('operatorTotalDwell')}</th>
                <th scope="col">{t('operatorMeanDwell')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.milestones.map((m) => (
                <tr key={m.id} data-id={m.id}>
                  <th scope="row">{label(m.id)}</th>
                  <td>{m.visits}</td>
                  <td>{m.totalSeconds}</td>
                  <td>{m.meanSeconds}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('operatorLanguages')}</h2>
          <ul className="operator-languages">
            {summary.languages.map((l) => (
              <li key={l.language}>
                {languageLabel(exhibit.exhibit, l.language)}: {l.visits}
              </li>
            ))}
          </ul>
          <h2>{t('operatorTours')}</h2>
          <ul className="operator-tours">
            {summary.tours.map((x) => (
              <li key={x.tour}>
                {tourName(x.tour)}: {x.visits}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="operator-actions">
        <button type="button" onClick={exportCsv} disabled={visits.length === 0}>
          {t('operatorExport')}
        </button>
        {confirming ? (
          <div role="alertdialog" aria-label={t('operatorClear')} className="operator-confirm">
            <p>{t('operatorClearConfirm')}</p>
            <button type="button" onClick={() => void clear()}>
              {t('operatorClear')}
            </button>
            <button type="button" onClick={() => setConfirming(false)} autoFocus>
              {t('operatorCancel')}
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} disabled={visits.length === 0}>
            {t('operatorClear')}
          </button>
        )}
      </div>
    </div>
  );
}

export function OperatorPage({ exhibit, tours, language }: { exhibit: Exhibit; tours: readonly Tour[]; language: Language }) {
  const kiosk = exhibit.exhibit.kiosk;
  const [unlocked, setUnlocked] = useState(false);
  const t: Say = useCallback((k) => pick(exhibit.exhibit.ui[k], language, ' · '), [exhibit, language]);
  useEffect(() => {
    document.documentElement.lang = language === 'en' ? 'en' : 'zh-Hans';
    document.title = t('operatorTitle');
    let live = true;
    void document.fonts.ready.then(() => {
      if (live) document.documentElement.dataset.ready = '1';
    });
    return () => {
      live = false;
    };
  }, [language, t]);
  return (
    <main className="operator">
      <h1>{t('operatorTitle')}</h1>
      {!kiosk ? (
        <p>{t('operatorNoKiosk')}</p>
      ) : unlocked ? (
        <>
          <LogView exhibit={exhibit} tours={tours} t={t} language={language} />
          <StorageInfo kiosk={kiosk} t={t} />
        </>
      ) : (
        <PinForm kiosk={kiosk} t={t} onUnlock={() => setUnlocked(true)} />
      )}
    </main>
  );
}
