import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import type { LinkTarget } from './ActionRow';

/**
 * Everything an action can link to, with readable labels: ideas (most voted first), root causes,
 * KPIs, VSM stages and kaizen bursts of every map, and saved analysis results. A source that fails to
 * load leaves its kind empty (the link box then accepts a typed id) rather than breaking the page.
 */
export function useLinkTargets(eventId: string, ideas: readonly { id: string; text: string }[]): LinkTarget[] {
  const roots = useCall('rootcause-list', { eventId }, ['whys', 'fishbone']);
  const kpis = useCall('kpi-list', { eventId }, ['kpis']);
  const maps = useCall('vsm-list', { eventId }, ['vsm']);
  const results = useCall('analysis-result-list', { eventId }, ['analysis']);
  const [vsm, setVsm] = useState<LinkTarget[]>([]);
  useEffect(() => {
    let live = true;
    const list = maps.data ?? [];
    Promise.all(list.map((m) => call('vsm-get', { mapId: m.id }).catch(() => null))).then((got) => {
      if (!live) return;
      const out: LinkTarget[] = [];
      for (const g of got) {
        if (!g) continue;
        for (const s of g.map.stages) out.push({ kind: 'vsm-stage', id: s.id, label: `${s.name} (${g.map.name})` });
        for (const b of g.map.bursts) out.push({ kind: 'burst', id: b.id, label: `${b.title} (${g.map.name})` });
      }
      setVsm(out);
    }, () => undefined);
    return () => { live = false; };
  }, [maps.data]);
  return [
    ...ideas.map((i) => ({ kind: 'idea' as const, id: i.id, label: i.text })),
    ...(roots.data ?? []).map((r) => ({ kind: 'root-cause' as const, id: r.id, label: `${r.text} (${r.context})` })),
    ...(kpis.data ?? []).map((k) => ({ kind: 'kpi' as const, id: k.id, label: k.name })),
    ...vsm,
    ...(results.data ?? []).map((r) => ({ kind: 'analysis' as const, id: r.id, label: r.title })),
  ];
}
