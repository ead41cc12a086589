import os from 'node:os';
import type { NetworkInterface } from '../../common/contract/schemas/room';
import { AppError } from '../../common/contract/errors';

/** Where 127.0.0.0/8 is: every address in it reaches only this computer (Linux answers the whole range). */
const isLoopbackV4 = (a: string) => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) && a.split('.').every((n) => Number(n) <= 255);

function describe(name: string, address: string, internal: boolean): string {
  if (internal) return `Only this computer (${address}): for trying room mode out; phones cannot reach it.`;
  const privateRange = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/.test(address);
  return privateRange
    ? `Every device on the network of "${name}" (${address}) can open the join page — make sure that is the room's own network, not a guest or office network.`
    : `"${name}" has a public address (${address}): anyone who can reach this computer on it can open the join page. Prefer the room's private network.`;
}

/** The machine's IPv4 interfaces (phones join by typing an address; IPv6 link-local addresses are not typeable). */
export function listInterfaces(): NetworkInterface[] {
  const out: NetworkInterface[] = [];
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4') continue;
      out.push({ name, address: a.address, family: 'IPv4', internal: a.internal, description: describe(name, a.address, a.internal) });
    }
  }
  // The room's network first, loopback last.
  return out.sort((x, y) => Number(x.internal) - Number(y.internal));
}

/**
 * The address room mode may listen on: one of this machine's IPv4 interface addresses, or a loopback address
 * (127.x.y.z reaches only this computer; tests use 127.0.0.2 to stand in for the LAN). Never 0.0.0.0: the
 * facilitator chooses which network is exposed.
 */
export function checkAddress(address: string): string {
  const known = listInterfaces().some((i) => i.address === address);
  if (!known && !isLoopbackV4(address)) {
    throw new AppError('BAD_INPUT', `address: ${address} is not an address of this computer; pick one of the network interfaces listed (room-interfaces).`);
  }
  return address;
}
