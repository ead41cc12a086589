import type { ComponentType } from 'react';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import { CharterPage } from './charter/CharterPage';
import { TeamPage } from './team/TeamPage';
import { ChecklistPage } from './checklist/ChecklistPage';

export type SectionProps = Readonly<{ event: KaizenEvent; sub?: string }>;

export type Section = Readonly<{
  id: string;
  label: string;
  group: 'Plan' | 'Measure' | 'Analyse' | 'Improve' | 'Report';
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
];
