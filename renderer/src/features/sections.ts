import type { ComponentType } from 'react';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import { CharterPage } from './charter/CharterPage';
import { TeamPage } from './team/TeamPage';
import { ChecklistPage } from './checklist/ChecklistPage';
import { ReportPage } from './report/ReportPage';
import { A3Page } from './report/A3Page';
import { AgendaPage } from './agenda/AgendaPage';
import { IdeasPage } from './ideas/IdeasPage';
import { VotingPage } from './voting/VotingPage';
import { PresenterMode } from './presenter/PresenterMode';

export type SectionProps = Readonly<{ event: KaizenEvent; sub?: string }>;

export type Section = Readonly<{
  id: string;
  label: string;
  group: 'Plan' | 'Measure' | 'Analyse' | 'Workshop' | 'Improve' | 'Report';
  component: ComponentType<SectionProps>;
}>;

/**
 * The event's sections, in sidebar order. Only sections listed here appear (no dead links);
 * each feature adds its entry when it lands.
 */
export const sections: readonly Section[] = [
  { id: 'charter', label: 'Charter', group: 'Plan', component: CharterPage },
  { id: 'team', label: 'Team', group: 'Plan', component: TeamPage },
  { id: 'readiness', label: 'Readiness', group: 'Plan', component: ChecklistPage },
  { id: 'report', label: 'Report', group: 'Report', component: ReportPage },
  { id: 'a3', label: 'A3 summary', group: 'Report', component: A3Page },
  { id: 'agenda', label: 'Agenda', group: 'Workshop', component: AgendaPage },
  { id: 'ideas', label: 'Ideas', group: 'Workshop', component: IdeasPage },
  { id: 'voting', label: 'Voting', group: 'Workshop', component: VotingPage },
  { id: 'present', label: 'Presenter mode', group: 'Workshop', component: PresenterMode },
];
