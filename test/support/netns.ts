import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { execFileAsync } from "./processes";
import { recordForCleanup } from "./run-dir";

/**
 * A network namespace with nothing but its own loopback interface. Servers started inside it
 * listen on the namespace's 127.0.0.1 and cannot be reached by TCP from the host; no routable
 * address is ever created. `hosts` entries are visible only to processes started with
 * `ip netns exec`, which bind-mounts /etc/netns/<name>/hosts over /etc/hosts.
 */
export class NetworkNamespace {
  private constructor(readonly name: string) {}

  static async create(
    hosts: Record<string, string> = {},
  ): Promise<NetworkNamespace> {
    const name = `dwc${process.pid}n${Math.floor(Math.random() * 1e6)}`;
    recordForCleanup({ kind: "netns", name });
    await execFileAsync("ip", ["netns", "add", name]);
    await execFileAsync("ip", ["-n", name, "link", "set", "lo", "up"]);

    const lines = ["127.0.0.1 localhost"].concat(
      Object.entries(hosts).map(
        ([hostName, address]) => `${address} ${hostName}`,
      ),
    );
    mkdirSync(`/etc/netns/${name}`, { recursive: true });
    writeFileSync(`/etc/netns/${name}/hosts`, lines.join("\n") + "\n");
    return new NetworkNamespace(name);
  }

  async delete(): Promise<void> {
    await deleteNamespace(this.name);
  }
}

export async function deleteNamespace(name: string): Promise<void> {
  await execFileAsync("ip", ["netns", "delete", name]).catch(() => undefined);
  rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
}
