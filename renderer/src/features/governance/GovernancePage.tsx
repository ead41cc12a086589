import { navigate } from '../../router';
import type { SectionProps } from '../sectionProps';
import { governanceTabs } from './governanceTabs';
import './governance.css';

/** Governance: the change log and the governance areas' panels as tabs (#/…/governance/<tab>). */
export function GovernancePage({ event, sub }: SectionProps) {
  const tab = governanceTabs.find((t) => t.id === sub) ?? governanceTabs[0]!;
  const Panel = tab.component;
  return (
    <div className="governance">
      <div className="tabs" role="tablist" aria-label="Governance">
        {governanceTabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`gov-tab-${t.id}`}
            aria-selected={tab.id === t.id}
            aria-controls={`gov-panel-${t.id}`}
            className={tab.id === t.id ? 'tab active' : 'tab'}
            onClick={() => navigate({ page: 'event', eventId: event.id, section: 'governance', sub: t.id })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`gov-panel-${tab.id}`} aria-labelledby={`gov-tab-${tab.id}`}>
        <Panel event={event} />
      </div>
    </div>
  );
}
