import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import { requireEvent } from '../lookups';
import { createChange, listChanges, listComponents } from './changes';
import { chainStatus, exportLog, listLog } from './chain';
import { currentFacilitator, listPeople, setPassphrase, switchFacilitator, verifyPassphrase } from './people';

/**
 * The governance core: people and passphrases, the current facilitator, controlled change entries and the
 * hash-chained change log (status, list, auditor export). Registry, sign-offs and freezes have their own modules.
 */
export function governanceHandlers(ctx: ServiceContext): Handlers<MethodsOf<'governance'>> {
  return {
    'governance-people-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return { people: listPeople(ctx, eventId), facilitator: currentFacilitator(ctx, eventId) };
    },
    'governance-passphrase-set': (input) => setPassphrase(ctx, input),
    'governance-passphrase-verify': ({ eventId, acting }) => {
      requireEvent(ctx, eventId);
      return verifyPassphrase(ctx, { eventId, ...acting });
    },
    'governance-facilitator-get': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return currentFacilitator(ctx, eventId);
    },
    'governance-facilitator-update': (input) => switchFacilitator(ctx, input),
    'governance-components': ({ eventId }) => listComponents(ctx, eventId),
    'governance-change-list': ({ eventId }) => listChanges(ctx, eventId),
    'governance-change-create': (input) => createChange(ctx, input),
    'governance-log-list': ({ eventId }) => listLog(ctx, eventId),
    'governance-chain-status': () => chainStatus(ctx),
    'governance-log-export': ({ eventId, format }) => exportLog(ctx, eventId, format),
  };
}
