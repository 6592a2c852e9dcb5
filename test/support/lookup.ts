import { isIP } from "node:net";
import type { Lookup } from "../../main/net/lookup";

/**
 * A resolver for tests that never sends a DNS query: IP literals and `localhost` resolve to
 * loopback, names in `extra` to their address, and anything else fails with ENOTFOUND the way
 * getaddrinfo reports an unknown host.
 */
export function loopbackOnlyLookup(extra: Record<string, string> = {}): Lookup {
  return (hostname) => {
    const family = isIP(hostname);
    if (family === 4 || family === 6)
      return Promise.resolve({ address: hostname, family });
    if (hostname === "localhost")
      return Promise.resolve({ address: "127.0.0.1", family: 4 });

    const address = extra[hostname];
    if (address)
      return Promise.resolve({ address, family: isIP(address) === 6 ? 6 : 4 });

    const error = new Error(
      `getaddrinfo ENOTFOUND ${hostname}`,
    ) as NodeJS.ErrnoException;
    error.code = "ENOTFOUND";
    error.syscall = "getaddrinfo";
    return Promise.reject(error);
  };
}
