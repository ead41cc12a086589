import type { Migration } from '../migrate';
import { migration0010 } from './0010-initial-schema';
import { migration0020 } from './0020-datasets';
import { migration0030 } from './0030-kpis';
import { migration0040 } from './0040-vsm';
import { migration0050 } from './0050-analysis';
import { migration0060 } from './0060-workshop';
import { migration0070 } from './0070-actions-rootcause';
import { migration0080 } from './0080-reports';
import { migration0090 } from './0090-governance';
import { migration0110 } from './0110-signoffs-freeze-dpa';
import { migration0100 } from './0100-registry';
import { migration0120 } from './0120-control-plan-runbooks';
import { migration0130 } from './0130-action-evidence';
import { migration0140 } from './0140-reviews';
import { migration0170 } from './0170-knowledge';
import { migration0180 } from './0180-workshop-clock-lock';
import { migration0190 } from './0190-kpi-spec-limits';
import { migration0200 } from './0200-linked-datasets';
import { migration0210 } from './0210-lifecycle';
import { migration0220 } from './0220-ops-sla-register';
import { migration0221 } from './0221-ops-checklist';
import { migration0222 } from './0222-ops-fmea';
import { migration0230 } from './0230-dataset-column-packs';

/** Every migration, in order. Append only; never edit one that has landed. */
export const migrations: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0050, migration0060, migration0070, migration0080, migration0090, migration0100, migration0110, migration0120, migration0130, migration0140, migration0170, migration0180, migration0190, migration0200, migration0210, migration0220, migration0221, migration0222, migration0230];
