import { useState } from 'react';
import { api } from '../../../../common/contract/api';
import { call } from '../../api/client';
import { useChange } from '../../api/useChange';
import { useAppStore } from '../../store';
import { kpiCreateInput } from './kpiSuggestions';
import type { KpiSuggestion } from './kpiSuggestions';

type Props = Readonly<{
  eventId: string;
  /** Runs the analysis again with save: true and returns the stored result id. */
  save: () => Promise<string | null>;
  /** The KPI "Turn into a KPI" creates: a definition on the dataset (kpiSuggestions.ts), never copied values. */
  kpi?: KpiSuggestion;
  actionTitle: string;
  actionDescription: string;
}>;

const hasKpi = 'kpi-create' in api;
const hasAction = 'action-create' in api;

/** "Pin to report", "Turn into a KPI" and "Turn into an action" for one analysis result. */
export function ResultActions({ eventId, save, kpi, actionTitle, actionDescription }: Props) {
  const toast = useAppStore((s) => s.toast);
  // Each button writes to one of these areas; all three refetch afterwards.
  const ops = useChange(['analysis', 'kpis', 'actions']);
  const [busy, setBusy] = useState(false);
  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    try {
      toast({ kind: 'success', message: await ops.save(what) });
    } catch {
      /* shown as a toast */
    } finally {
      setBusy(false);
    }
  };
  const pin = () =>
    run(async () => {
      const id = await save();
      if (!id) throw new Error('The result could not be stored.');
      await call('analysis-result-pin', { id, pinned: true });
      return 'Pinned to the report (Report → pinned analyses).';
    });
  const toKpi = () =>
    run(async () => {
      if (!kpi) throw new Error('This result has no KPI form.');
      await call('kpi-create', kpiCreateInput(eventId, kpi));
      return `KPI "${kpi.name}" created on the KPI board. It recomputes from the dataset when rows are appended.`;
    });
  const toAction = () =>
    run(async () => {
      const id = await save();
      await call('action-create', { eventId, title: actionTitle.slice(0, 300), description: actionDescription, links: id ? [{ kind: 'analysis', id }] : [] });
      return `Action "${actionTitle}" added to the action plan.`;
    });
  return (
    <div className="analysis-actions" role="group" aria-label="Use this result">
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void pin()}>Pin to report</button>
      {hasKpi && kpi && <button type="button" className="btn btn-small" disabled={busy} onClick={() => void toKpi()}>Turn into a KPI</button>}
      {hasAction && <button type="button" className="btn btn-small" disabled={busy} onClick={() => void toAction()}>Turn into an action</button>}
    </div>
  );
}
