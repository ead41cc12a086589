import { useEffect, useMemo, useState } from 'react';
import type { RoomStatus } from '../../../../common/contract/schemas/room';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import type { SectionProps } from '../sectionProps';
import './room.css';

const AREAS = ['room'] as const;
const NONE: readonly string[] = [];

/** The join URL's QR code, drawn from main's module matrix (computed offline by qrcode-generator). */
function QrCode({ qr, url }: { qr: NonNullable<RoomStatus['qr']>; url: string }) {
  const d = useMemo(() => {
    let path = '';
    qr.rows.forEach((row, y) => {
      for (let x = 0; x < row.length; x++) if (row[x] === '1') path += `M${x + 4} ${y + 4}h1v1h-1z`;
    });
    return path;
  }, [qr]);
  const size = qr.size + 8;
  return (
    <svg className="room-qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`QR code that opens ${url}`} shapeRendering="crispEdges" data-testid="room-qr">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

function StartForm({ event, onError }: { event: SectionProps['event']; onError: (m: string | null) => void }) {
  const interfaces = useCall('room-interfaces', {}, NONE);
  const list = interfaces.data ?? [];
  const [address, setAddress] = useState<string | null>(null);
  const [port, setPort] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = list.find((i) => i.address === address) ?? list[0] ?? null;
  const start = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      await call('room-start', { eventId: event.id, address: chosen.address, ...(port.trim() ? { port: Number(port) } : {}) });
      onError(null);
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card room-panel-off" aria-label="Turn on room mode" onSubmit={(e) => { e.preventDefault(); void start(); }}>
      <h2>Room mode is off</h2>
      <p>
        Participants join from their own phones over this room’s network — no internet, no accounts. On their phone they can only add
        ideas to the open round, cast their dots in the open vote and see what you show. Nothing listens on the network until you turn it on.
      </p>
      <fieldset>
        <legend>Network to open the join page on</legend>
        {interfaces.error && <p className="error-banner" role="alert">{interfaces.error}</p>}
        <ul className="room-interfaces">
          {list.map((i) => (
            <li key={`${i.name}-${i.address}`}>
              <label>
                <input type="radio" name="room-interface" value={i.address} checked={chosen?.address === i.address} onChange={() => setAddress(i.address)} />
                <span>
                  <strong>{i.name}</strong> — {i.address}
                  <small>{i.description}</small>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {chosen && !chosen.internal && <p className="room-warning" role="note">{chosen.description}</p>}
      <div className="field" style={{ maxWidth: '14rem' }}>
        <label htmlFor="room-port">Port (optional)</label>
        <input id="room-port" inputMode="numeric" value={port} placeholder="any free port" onChange={(e) => setPort(e.target.value.replace(/\D/g, ''))} />
      </div>
      <button type="submit" className="btn btn-primary" disabled={!chosen || busy}>Turn on room mode</button>
    </form>
  );
}

const since = (iso: string) => {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 60 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
};

/** The facilitator's Room mode panel: turn on/off, the QR code, the short join URL and code, who is connected. */
export function RoomPanel({ event }: SectionProps) {
  const { data, error, reload } = useCall('room-status', {}, AREAS);
  const [problem, setProblem] = useState<string | null>(null);
  // Connected counts decay with time (a phone that stopped asking): refresh now and then.
  useEffect(() => {
    const t = setInterval(reload, 10_000);
    return () => clearInterval(t);
  }, [reload]);
  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      setProblem(null);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  const banner = (error ?? problem) && <p className="error-banner" role="alert">{error ?? problem}</p>;
  if (!data) return <div className="room-panel-page">{banner}</div>;
  if (!data.on) return <div className="room-panel-page">{banner}<StartForm event={event} onError={setProblem} /></div>;
  if (data.eventId !== event.id) {
    return (
      <div className="room-panel-page card">
        {banner}
        <p>Room mode is on for another event ({data.joinUrl}). Turn it off there, or here, before using it for this event.</p>
        <button type="button" className="btn" onClick={() => void act(() => call('room-stop', {}))}>Turn off room mode</button>
      </div>
    );
  }
  return (
    <div className="room-panel-page">
      {banner}
      <div className="room-panel">
        <section className="card" aria-labelledby="room-join-title">
          <h2 id="room-join-title">Join from your phone</h2>
          <div className="room-join">
            {data.qr && data.qrUrl && <QrCode qr={data.qr} url={data.qrUrl} />}
            <div>
              <p className="muted">Open</p>
              <p className="room-join-url" data-testid="room-join-url">{data.joinUrl}</p>
              <p className="muted">and type the code</p>
              <p className="room-join-code" data-testid="room-join-code">{data.joinCode}</p>
            </div>
          </div>
          <p className="room-warning" role="note">
            Listening on {data.address}: every device on that network can open the join page; only someone with the code can join. The code changes each time room mode is turned on.
          </p>
          <button type="button" className="btn btn-danger" onClick={() => void act(() => call('room-stop', {}))}>Turn off room mode</button>
        </section>
        <section className="card" aria-labelledby="room-people-title">
          <h2 id="room-people-title">Participants</h2>
          <p className="room-count" data-testid="room-connected" aria-live="polite">
            {data.connectedCount} connected · {data.participants.length} joined
          </p>
          {data.participants.length === 0 ? (
            <p className="muted">Nobody has joined yet. Phones show up here as “Phone 1”, “Phone 2”… — no names are asked.</p>
          ) : (
            <table className="room-participants">
              <thead>
                <tr><th scope="col">Phone</th><th scope="col">Ideas</th><th scope="col">Ballots</th><th scope="col"><span className="visually-hidden">Remove</span></th></tr>
              </thead>
              <tbody>
                {data.participants.map((p) => (
                  <tr key={p.id} data-testid="room-participant">
                    <td title={`Last seen ${since(p.lastSeenAt)}`}>{p.label}{p.connected ? '' : ' (away)'}</td>
                    <td className="num">{p.ideasAdded}</td>
                    <td className="num">{p.ballotsCast}</td>
                    <td><button type="button" className="btn btn-small btn-danger-outline" aria-label={`Remove ${p.label}`} onClick={() => void act(() => call('room-remove', { participantId: p.id }))}>Remove</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted">Ideas from phones go into the open anonymous round (Ideas → Anonymous round); dots go into the open vote, one ballot per phone, as many phones as the vote has voters.</p>
        </section>
      </div>
    </div>
  );
}
