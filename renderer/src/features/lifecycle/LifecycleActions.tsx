import { useState } from 'react';
import type { LifecycleKind } from '../../../../common/contract/schemas/lifecycle';
import type { Headline, LifecycleResultOf } from '../../../../common/domain/lifecycle/run';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useChange } from '../../api/useChange';
import { useAppStore } from '../../store';

type Props = Readonly<{
  eventId: string;
  kind: LifecycleKind;
  resultId: string | null;
  head: Headline;
  summary: readonly string[];
  result: unknown;
  /** Runs the analysis again with save: true and returns the stored result id. */
  save: () => Promise<string | null>;
}>;

const today = () => new Date().toISOString().slice(0, 10);

/** Pin to report, turn into a KPI (its headline number, recorded today), into an action, and — for quantization — a model version. */
export function LifecycleActions({ eventId, kind, resultId, head, summary, result, save }: Props) {
  const toast = useAppStore((s) => s.toast);
  const ops = useChange(['lifecycle', 'kpis', 'actions', 'registry']);
  const [busy, setBusy] = useState(false);
  const registry = useCall('registry-list', kind === 'quantization' ? { eventId } : null, ['registry']);
  const variants = kind === 'quantization' ? (result as LifecycleResultOf['quantization']).variants : [];
  const [variant, setVariant] = useState(variants.find((v) => v.paretoEfficient && v.variant !== 'fp32')?.variant ?? variants[0]?.variant ?? '');
  const [modelId, setModelId] = useState('');
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
  const stored = async () => resultId ?? (await save());
  const pin = () =>
    run(async () => {
      const id = await stored();
      if (!id) throw new Error('The result could not be stored.');
      await call('lifecycle-result-pin', { id, pinned: true });
      return 'Pinned to the report (Report → Lifecycle analytics).';
    });
  const toKpi = () =>
    run(async () => {
      if (head.value === null) throw new Error('This result has no number to track.');
      const unit = head.unit === 'share' ? '' : head.unit;
      const kpi = await call('kpi-create', { eventId, name: head.label.slice(0, 200), unit, direction: head.direction === 'up' ? 'higher' : 'lower', source: { kind: 'manual' }, notes: `From the lifecycle analysis: ${summary[0] ?? ''}`.slice(0, 2000) });
      await call('kpi-entry-add', { kpiId: kpi.id, date: today(), value: head.value, note: 'Lifecycle analysis result' });
      return `KPI "${kpi.name}" created with today's value; record new values as the pipeline changes.`;
    });
  const toAction = () =>
    run(async () => {
      await stored();
      const title = `Act on: ${head.label}`.slice(0, 300);
      await call('action-create', { eventId, title, description: summary.join('\n').slice(0, 5000), links: [] });
      return `Action "${title}" added to the action plan.`;
    });
  const record = () =>
    run(async () => {
      const v = variants.find((x) => x.variant === variant);
      if (!v || !modelId) throw new Error('Choose a registry model and a variant.');
      const model = registry.data?.find((m) => m.id === modelId);
      const name = `${model?.versions.at(-1)?.version ?? 'model'}-${v.variant}`.slice(0, 200);
      const metrics = [
        { name: 'p95_ms', value: v.p95 },
        { name: 'p50_ms', value: v.p50 },
        ...(v.sizeMb !== null ? [{ name: 'size_mb', value: v.sizeMb }] : []),
        ...(v.accuracy !== null ? [{ name: 'accuracy', value: v.accuracy }] : []),
      ];
      await call('registry-version-create', { modelId, version: name, evidence: { metrics } });
      return `Model version "${name}" recorded in the registry with its size, latency and accuracy.`;
    });
  return (
    <div className="lc-actions" role="group" aria-label="Use this result">
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void pin()}>Pin to report</button>
      <button type="button" className="btn btn-small" disabled={busy || head.value === null} onClick={() => void toKpi()}>Turn into a KPI</button>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void toAction()}>Turn into an action</button>
      {kind === 'quantization' && registry.data && registry.data.length > 0 && (
        <span className="lc-record">
          <label>Variant <select value={variant} onChange={(e) => setVariant(e.target.value)}>{variants.map((v) => <option key={v.variant}>{v.variant}</option>)}</select></label>{' '}
          <label>Model <select value={modelId} onChange={(e) => setModelId(e.target.value)}><option value="">(choose)</option>{registry.data.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}</select></label>{' '}
          <button type="button" className="btn btn-small" disabled={busy || !modelId} onClick={() => void record()}>Record as model version</button>
        </span>
      )}
    </div>
  );
}
