import type { DiscoveryResult } from "../../../shared/domain/discovery";

/**
 * The last discovery of each connection, kept in the main process so the setup planner can
 * list every discovered table without trusting the renderer's copy.
 */
export class DiscoveryCache {
  private readonly results = new Map<string, DiscoveryResult>();

  set(connectionId: string, result: DiscoveryResult): void {
    this.results.set(connectionId, result);
  }

  get(connectionId: string): DiscoveryResult | null {
    return this.results.get(connectionId) ?? null;
  }

  delete(connectionId: string): void {
    this.results.delete(connectionId);
  }
}
