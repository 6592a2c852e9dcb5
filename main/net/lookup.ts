import { lookup as dnsLookup } from "node:dns/promises";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a host name on this machine. Injected everywhere a name is resolved locally, so
 * tests can resolve without any DNS traffic.
 */
export type Lookup = (hostname: string) => Promise<ResolvedAddress>;

/** Resolves with the system resolver (getaddrinfo), as `net.connect` would. */
export const systemLookup: Lookup = async (hostname) => {
  const result = await dnsLookup(hostname);
  return { address: result.address, family: result.family === 6 ? 6 : 4 };
};
