import type { Input, Method, Output } from '../../../common/contract/api';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import type { ReportSection } from '../model';

/** Reads the event's data through the contract (dispatch), exactly as the UI does. */
export type ReportReader = <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;

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
