import type { ComponentType } from 'react';
import type { SectionProps } from './sectionProps';
import { CharterPage } from './charter/CharterPage';
import { TeamPage } from './team/TeamPage';
import { ChecklistPage } from './checklist/ChecklistPage';
import { VsmPage } from './vsm/VsmPage';
import { AnalysisPage } from './analysis/AnalysisPage';
import { LifecyclePage } from './lifecycle/LifecyclePage';
import { ReportPage } from './report/ReportPage';
import { A3Page } from './report/A3Page';
import { AgendaPage } from './agenda/AgendaPage';
import { IdeasPage } from './ideas/IdeasPage';
import { VotingPage } from './voting/VotingPage';
import { PresenterMode } from './presenter/PresenterMode';
import { RoomPanel } from './room/RoomPanel';
import { AffinityPage } from './affinity/AffinityPage';
import { MatrixPage } from './matrix/MatrixPage';
import { RootCausePage } from './rootcause/RootCausePage';
import { ParkingPage } from './parking/ParkingPage';
import { ActionsPage } from './actions/ActionsPage';
import { DecisionsPage } from './decisions/DecisionsPage';
import { KpiBoard } from './kpi/KpiBoard';
import { DataPage } from './data/DataPage';
import { ControlPlanPage } from './sustain/ControlPlanPage';
import { RunbooksPage } from './sustain/RunbooksPage';
import { ReviewsPage } from './sustain/ReviewsPage';
import { GovernancePage } from './governance/GovernancePage';
import { LessonsPage } from './knowledge/LessonsPage';
import { GatewayPage } from './ops/GatewayPage';
import { FmeaPage } from './ops/FmeaPage';

export type { SectionProps };

export type Section = Readonly<{
  id: string;
  label: string;
  group: 'Plan' | 'Measure' | 'Analyse' | 'Workshop' | 'Improve' | 'Govern' | 'Sustain' | 'Report';
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
  { id: 'data', label: 'Data', group: 'Measure', component: DataPage },
  { id: 'kpis', label: 'KPIs', group: 'Measure', component: KpiBoard },
  { id: 'vsm', label: 'Value-stream map', group: 'Analyse', component: VsmPage },
  { id: 'analysis', label: 'Analysis', group: 'Analyse', component: AnalysisPage },
  { id: 'lifecycle', label: 'Lifecycle', group: 'Analyse', component: LifecyclePage },
  { id: 'gateway', label: 'Gateway & SLAs', group: 'Analyse', component: GatewayPage },
  { id: 'agenda', label: 'Agenda', group: 'Workshop', component: AgendaPage },
  { id: 'ideas', label: 'Ideas', group: 'Workshop', component: IdeasPage },
  { id: 'voting', label: 'Voting', group: 'Workshop', component: VotingPage },
  { id: 'present', label: 'Presenter mode', group: 'Workshop', component: PresenterMode },
  { id: 'room', label: 'Room mode', group: 'Workshop', component: RoomPanel },
  { id: 'affinity', label: 'Affinity groups', group: 'Improve', component: AffinityPage },
  { id: 'matrix', label: 'Impact / effort', group: 'Improve', component: MatrixPage },
  { id: 'rootcause', label: 'Root cause', group: 'Improve', component: RootCausePage },
  { id: 'parking', label: 'Parking lot', group: 'Improve', component: ParkingPage },
  { id: 'actions', label: 'Actions', group: 'Improve', component: ActionsPage },
  { id: 'decisions', label: 'Decisions', group: 'Improve', component: DecisionsPage },
  { id: 'fmea', label: 'FMEA', group: 'Improve', component: FmeaPage },
  { id: 'governance', label: 'Governance', group: 'Govern', component: GovernancePage },
  { id: 'control-plan', label: 'Control plan', group: 'Sustain', component: ControlPlanPage },
  { id: 'runbooks', label: 'Runbooks', group: 'Sustain', component: RunbooksPage },
  { id: 'reviews', label: 'Reviews', group: 'Sustain', component: ReviewsPage },
  { id: 'lessons', label: 'Lessons learned', group: 'Report', component: LessonsPage },
  { id: 'report', label: 'Report', group: 'Report', component: ReportPage },
  { id: 'a3', label: 'A3 summary', group: 'Report', component: A3Page },
];
