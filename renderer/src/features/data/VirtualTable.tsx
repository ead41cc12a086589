import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetColumn } from '../../../../common/contract/schemas/datasets';
import { call, errorMessage } from '../../api/client';
import { formatCell, formatCount } from './format';

type Cell = number | string | null;

const ROW_H = 32;
const VIEW_H = 448;
const PAGE = 200;
/** Browsers cap element heights (~33 M px); taller tables map scroll position proportionally. */
const MAX_SCROLL_H = 8_000_000;

/**
 * Virtual-scrolling table over a dataset version: only the ~15 visible rows are in the DOM, pages of
 * 200 rows are fetched on demand (rowid ranges in main, constant time at any offset), so scrolling
 * stays smooth on 1,000,000 rows.
 */
export function VirtualTable({ datasetId, version, columns, total }: { datasetId: string; version: number; columns: DatasetColumn[]; total: number }) {
  const [scrollTop, setScrollTop] = useState(0);
  const [, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const pages = useRef(new Map<number, Cell[][]>());
  const inflight = useRef(new Set<number>());
  const key = `${datasetId}:${version}`;
  const keyRef = useRef(key);

  useEffect(() => {
    keyRef.current = key;
    pages.current = new Map();
    inflight.current = new Set();
    setScrollTop(0);
  }, [key]);

  const fullH = total * ROW_H;
  const h = Math.min(fullH, MAX_SCROLL_H);
  const virtualTop = fullH <= MAX_SCROLL_H ? scrollTop : (scrollTop / Math.max(1, h - VIEW_H)) * Math.max(0, fullH - VIEW_H);
  const first = Math.min(Math.max(0, total - 1), Math.floor(virtualTop / ROW_H));
  const offset = virtualTop - first * ROW_H;
  const count = Math.min(total - first, Math.ceil(VIEW_H / ROW_H) + 1);

  const fetchPage = useCallback(
    (p: number) => {
      if (pages.current.has(p) || inflight.current.has(p)) return;
      inflight.current.add(p);
      const mine = keyRef.current;
      call('dataset-rows', { datasetId, version, offset: p * PAGE, limit: PAGE }).then(
        (r) => {
          if (keyRef.current !== mine) return;
          inflight.current.delete(p);
          pages.current.set(p, r.rows);
          if (pages.current.size > 50) pages.current.delete(pages.current.keys().next().value!);
          setTick((t) => t + 1);
        },
        (e: unknown) => {
          inflight.current.delete(p);
          setError(errorMessage(e));
        },
      );
    },
    [datasetId, version],
  );

  useEffect(() => {
    if (total === 0) return;
    const a = Math.floor(first / PAGE);
    const b = Math.floor((first + count) / PAGE);
    for (let p = a; p <= b; p++) fetchPage(p);
  }, [first, count, total, fetchPage]);

  const grid = { gridTemplateColumns: `5.5rem ${columns.map((c) => (c.type === 'timestamp' ? '15rem' : c.type === 'text' ? '14rem' : '10rem')).join(' ')}` };
  const rows = [];
  for (let i = first; i < first + count; i++) {
    const page = pages.current.get(Math.floor(i / PAGE));
    const row = page?.[i % PAGE];
    rows.push(
      <div role="row" aria-rowindex={i + 2} className="vt-row" style={grid} key={i}>
        <div role="rowheader" className="vt-num">{formatCount(i + 1)}</div>
        {columns.map((c, j) => (
          <div role="gridcell" key={c.name} className={c.type === 'integer' || c.type === 'real' ? 'vt-cell vt-numeric' : 'vt-cell'}>
            {row ? formatCell(row[j] ?? null, c.type) : '…'}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div className="vt">
      {error && <p className="error-banner">{error}</p>}
      <div
        className="vt-scroll"
        style={{ height: VIEW_H + ROW_H }}
        tabIndex={0}
        role="grid"
        aria-label={`Rows ${formatCount(first + 1)}–${formatCount(first + count)} of ${formatCount(total)}`}
        aria-rowcount={total + 1}
        aria-colcount={columns.length + 1}
        data-testid="data-table"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div style={{ height: h + ROW_H, position: 'relative' }}>
          <div className="vt-window" style={{ height: VIEW_H + ROW_H }}>
            <div role="row" aria-rowindex={1} className="vt-row vt-head" style={grid}>
              <div role="columnheader" className="vt-num">Row</div>
              {columns.map((c) => (
                <div role="columnheader" key={c.name} className="vt-cell" title={`${c.name} (${c.type}${c.unit ? `, ${c.unit}` : ''})`}>
                  {c.name}
                  {c.unit ? <span className="muted"> ({c.unit})</span> : null}
                </div>
              ))}
            </div>
            <div style={{ transform: `translateY(${-offset}px)` }}>{rows}</div>
          </div>
        </div>
      </div>
      <p className="hint">
        Showing rows {formatCount(total === 0 ? 0 : first + 1)}–{formatCount(first + count)} of {formatCount(total)}. Scroll, or focus the table and use Page Up/Down.
      </p>
    </div>
  );
}
