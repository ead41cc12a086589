import { navigate } from '../../router';
import type { SectionProps } from '../sectionProps';
import { FishboneEditor } from './FishboneEditor';
import { WhysEditor } from './WhysEditor';
import './rootcause.css';

const TABS = [
  { id: 'fishbone', label: 'Fishbone' },
  { id: 'whys', label: '5 Whys' },
] as const;

/** Root cause analysis: a fishbone (Ishikawa) diagram and 5 Whys chains, as two tabs (#/…/rootcause/<tab>). */
export function RootCausePage({ event, sub }: SectionProps) {
  const tab = sub === 'whys' ? 'whys' : 'fishbone';
  return (
    <div className="rootcause">
      <div className="tabs" role="tablist" aria-label="Root cause tools">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            className={tab === t.id ? 'tab active' : 'tab'}
            onClick={() => navigate({ page: 'event', eventId: event.id, section: 'rootcause', sub: t.id })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'fishbone' ? <FishboneEditor eventId={event.id} eventName={event.name} /> : <WhysEditor eventId={event.id} />}
      </div>
    </div>
  );
}
