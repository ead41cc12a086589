import { isMethod } from '../../../common/contract/api';
import type { SectionBuilder } from './types';
import { charterSection } from './charter';
import { teamSection } from './team';
import { readinessSection } from './readiness';
import { workshopSection } from './workshop';
import { vsmSection } from './vsm';
import { dataSection } from './data';
import { kpiSection } from './kpis';
import { analysisSection } from './analysis';
import { lifecycleSection } from './lifecycle';
import { glanceSection } from './glance';
import { rootCauseSection } from './rootCause';
import { actionsSection, decisionsSection } from './actions';
import { governanceSection } from './governance';
import { sustainSection } from './sustain';
import { lessonsSection } from './lessons';
import { opsSection } from './ops';

/** Every section renderer, in report order. Each later feature's section is one module and one entry here. */
export const ALL_SECTIONS: readonly SectionBuilder[] = [
  glanceSection,
  charterSection,
  teamSection,
  readinessSection,
  vsmSection,
  kpiSection,
  analysisSection,
  lifecycleSection,
  workshopSection,
  rootCauseSection,
  actionsSection,
  decisionsSection,
  opsSection,
  lessonsSection,
  sustainSection,
  governanceSection,
  dataSection,
];

/** The sections whose contract methods exist in this build (never a placeholder for a missing feature). */
export function availableSections(all: readonly SectionBuilder[] = ALL_SECTIONS): SectionBuilder[] {
  return all.filter((s) => s.requires.every((m) => isMethod(m)));
}
