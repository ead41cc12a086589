import { STAGE_LABELS } from '../../../../common/contract/schemas/registry';
import type { Stage } from '../../../../common/contract/schemas/registry';

/** Push-event areas the registry views refetch on. */
export const REGISTRY_AREAS = ['governance', 'registry', 'team', 'analysis', 'datasets'];
export const when = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

export function StageBadge({ stage }: Readonly<{ stage: Stage }>) {
  return <span className={`stage-badge stage-${stage}`} data-testid="stage-badge">{STAGE_LABELS[stage]}</span>;
}
