import { useState } from 'react';
import { TEMPLATES } from '../../../../common/contract/schemas/vsm';
import type { Template } from '../../../../common/contract/schemas/vsm';
import { TEMPLATES_DEFS } from '../../../../common/domain/vsm/templates';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { navigate, routeHref } from '../../router';
import type { SectionProps } from '../sectionProps';
import { MapEditor } from './MapEditor';
import { createMap } from './vsmChanges';
import './vsm.css';

const TARGET_TEMPLATE: Record<string, Template> = { 'retraining-latency': 'retraining-latency', 'inference-latency': 'inference-latency', 'data-pipeline': 'data-pipeline' };

/** The value-stream map section: one current state, any number of future states. */
export function VsmPage({ event, sub }: SectionProps) {
  const { data: maps, error } = useCall('vsm-list', { eventId: event.id }, ['vsm']);
  const ops = useChange(['vsm']);
  const [template, setTemplate] = useState<Template>(TARGET_TEMPLATE[event.targetArea] ?? 'ai-workflow');
  const go = (mapId: string) => navigate({ page: 'event', eventId: event.id, section: 'vsm', sub: mapId });

  if (error) return <p className="error-banner" role="alert">{error}</p>;
  if (!maps) return <p className="muted">Loading…</p>;
  const current = maps.find((m) => m.kind === 'current') ?? null;
  const active = maps.find((m) => m.id === sub) ?? current ?? maps[0] ?? null;

  const create = async (input: { template?: Template; copyFromId?: string }) => {
    const m = await ops.change(createMap({ eventId: event.id, ...input }));
    go(m.id);
  };

  if (!active || !current) {
    const suggested = TARGET_TEMPLATE[event.targetArea];
    return (
      <div className="vsm-start">
        <div className="empty-state" role="status">
          <h2>{maps.length ? 'There is no current-state map' : 'Map the AI workflow as it runs today'}</h2>
          <p>Start from a template, then type in process and wait times or fill them from an imported pipeline run log. The constraint, lead time and process cycle efficiency update as you go.</p>
        </div>
        <fieldset className="card vsm-templates">
          <legend>Template</legend>
          {TEMPLATES.map((t) => (
            <label key={t} className="vsm-template">
              <input type="radio" name="vsm-template" value={t} checked={template === t} onChange={() => setTemplate(t)} />
              <span><strong>{TEMPLATES_DEFS[t].label}</strong>{t === suggested ? ' (matches this event’s target)' : ''}<br /><span className="muted">{TEMPLATES_DEFS[t].description}{TEMPLATES_DEFS[t].stages.length ? ` ${TEMPLATES_DEFS[t].stages.length} stages.` : ''}</span></span>
            </label>
          ))}
          <button type="button" className="btn btn-primary" onClick={() => void create({ template }).catch(alreadyShown)}>Create current-state map</button>
        </fieldset>
      </div>
    );
  }

  return (
    <div className="vsm-page">
      <nav className="vsm-tabs" aria-label="Maps">
        {maps.map((m) => (
          <a key={m.id} href={routeHref({ page: 'event', eventId: event.id, section: 'vsm', sub: m.id })} aria-current={m.id === active.id ? 'page' : undefined} className={m.id === active.id ? 'active' : undefined}>
            <span className="vsm-tab-kind">{m.kind === 'current' ? 'Current' : 'Future'}</span> {m.name}
          </a>
        ))}
        <button type="button" className="btn btn-small" onClick={() => void create({ copyFromId: current.id }).catch(alreadyShown)}>+ Future state (copy current)</button>
      </nav>
      <MapEditor key={active.id} event={event} mapId={active.id} currentId={current.id} ops={ops} />
    </div>
  );
}
