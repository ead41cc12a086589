import type { KaizenEvent } from '../../../common/contract/schemas/events';

/** What every event section page receives. Its own module, so pages never import the section list that imports them. */
export type SectionProps = Readonly<{ event: KaizenEvent; sub?: string }>;
