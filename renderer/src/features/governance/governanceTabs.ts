import type { ComponentType } from 'react';
import type { SectionProps } from '../sectionProps';
import { ChangeLogPanel } from './ChangeLogPanel';
import { PeoplePanel } from './PeoplePanel';
import { RegistryPanel } from './RegistryPanel';
import { SignoffsPanel } from './SignoffsPanel';
import { FreezeDpaPanel } from './FreezeDpaPanel';

export type GovernanceTab = Readonly<{ id: string; label: string; component: ComponentType<SectionProps> }>;

/**
 * The Governance page's tabs, in order (#/event/<id>/governance/<tab id>). Each governance area adds its panel
 * here with one line.
 */
export const governanceTabs: readonly GovernanceTab[] = [
  { id: 'log', label: 'Change log', component: ChangeLogPanel },
  { id: 'people', label: 'People & passphrases', component: PeoplePanel },
  { id: 'registry', label: 'Registry', component: RegistryPanel },
  { id: 'signoffs', label: 'Sign-offs', component: SignoffsPanel },
  { id: 'freeze-dpa', label: 'Freeze & DPA', component: FreezeDpaPanel },
];
