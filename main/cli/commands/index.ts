import type { Command } from '../command';
import { serveCommand } from './serve';
import { checkCommand } from './check';
import { eventsCommand } from './events';
import { importCommand } from './import';
import { reportCommand } from './report';
import { driftCommand } from './drift';
import { fairnessCommand } from './fairness';
import { spcCommand } from './spc';
import { capabilityCommand } from './capability';
import { actionsCommand, fishboneCommand } from './actions';
import { workshopCommand } from './workshop';
import { vsmCommand } from './vsm';
import { changelogCommand } from './changelog';
import { gateCommand, registryCommand } from './registry';
import { guardrailsCommand } from './guardrails';
import { metricsCommand } from './metrics';
import { calendarCommand } from './calendar';
import { searchCommand } from './search';
import { archiveCommand } from './archive';
import { lifecycleCommand } from './lifecycle';
import { dvcCommand } from './dvc';
import { opsCommand } from './ops';
import { linkCommand } from './link';

/** Every `kaizen` subcommand. Each area adds its command file and one entry here. */
export const commands: readonly Command[] = [serveCommand, eventsCommand, importCommand, checkCommand, reportCommand, driftCommand, fairnessCommand, spcCommand, capabilityCommand, actionsCommand, fishboneCommand, workshopCommand, vsmCommand, registryCommand, gateCommand, changelogCommand, guardrailsCommand, metricsCommand, calendarCommand, searchCommand, archiveCommand, opsCommand, lifecycleCommand, dvcCommand, linkCommand];
