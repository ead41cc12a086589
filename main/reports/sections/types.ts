import type { Input, Method, Output } from '../../../common/contract/api';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import type { ReportSection } from '../model';

/**
 * Every contract method a report section or the A3 reads. A section reading anything else does not compile
 * until it is added here (and so wired in main/services/reports/reader.ts).
 */
export const REPORT_READS = [
  'event-get',
  'team-list',
  'checklist-list',
  'dataset-list',
  'dataset-profile',
  'dataset-quarantine',
  'dataset-versions',
  'kpi-list',
  'kpi-compare',
  'spc-chart-get',
  'spc-capability',
  'vsm-list',
  'vsm-get',
  'analysis-result-list',
  'idea-list',
  'vote-list',
  'affinity-group-list',
  'matrix-list',
  'parking-list',
  'action-list',
  'decision-list',
  'whys-list',
  'fishbone-get',
  'rootcause-list',
  'report-a3-get',
  'governance-chain-status',
  'signoff-list',
  'freeze-list',
  'freeze-override-list',
  'dpa-list',
  'registry-list',
  'control-list',
  'runbook-list',
  'runbook-get',
  'review-list',
  'review-get',
  'lesson-list',
  'lifecycle-result-list',
  'dvc-list',
  'ops-sla-list',
  'ops-checklist-list',
  'ops-fmea-list',
] as const satisfies readonly Method[];
export type ReportRead = (typeof REPORT_READS)[number];

/** Reads the event's data with the same inputs and outputs the UI gets, straight from the areas' functions. */
export type ReportReader = <M extends ReportRead>(method: M, input: Input<M>) => Promise<Output<M>>;

/**
 * One section of the full report. `requires` names the contract methods it reads; the section is offered only
 * when every one of them exists (isMethod), so a feature's section appears the moment the feature lands.
 */
export type SectionBuilder = Readonly<{
  id: string;
  title: string;
  description: string;
  requires: readonly string[];
  /** Whether the section contributes charts (SVG/PNG export). */
  charts: boolean;
  build: (read: ReportReader, event: KaizenEvent) => Promise<ReportSection>;
}>;
