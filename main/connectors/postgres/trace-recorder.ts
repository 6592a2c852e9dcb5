import { performance } from "node:perf_hooks";
import type { AppError, TraceLayer } from "../../../shared/domain/errors";
import type { TraceStep } from "../../../shared/domain/trace";

/** Raised after a failed layer is recorded, to stop the trace. */
export class TraceStopped extends Error {
  constructor(readonly layer: TraceLayer) {
    super(`The ${layer} layer failed.`);
    this.name = "TraceStopped";
  }
}

/** The result of one layer that passed. */
export interface LayerOutcome<T> {
  value: T;
  summary: string;
  /** Defaults to `passed`. */
  status?: "passed" | "warning";
}

/** Records the trace's steps in order and sends each to `onStep` as it finishes. */
export class TraceRecorder {
  readonly steps: TraceStep[] = [];

  constructor(
    private readonly layers: readonly TraceLayer[],
    private readonly onStep?: (step: TraceStep) => void,
  ) {}

  record(step: TraceStep): void {
    this.steps.push(step);
    this.onStep?.(step);
  }

  /**
   * Runs one layer and records it as passed, or as failed with the error `classify` returns,
   * in which case it raises TraceStopped.
   */
  async run<T>(
    layer: TraceLayer,
    work: () => Promise<LayerOutcome<T>>,
    classify: (error: unknown) => AppError,
  ): Promise<T> {
    const started = performance.now();
    try {
      const outcome = await work();
      this.record({
        layer,
        status: outcome.status ?? "passed",
        durationMs: elapsedSince(started),
        summary: outcome.summary,
      });
      return outcome.value;
    } catch (error) {
      throw this.fail(layer, classify(error), elapsedSince(started));
    }
  }

  /**
   * Records a failed layer unless one is recorded already, and returns the error to raise.
   * Planned layers before it that never ran, such as the network layers when a private key is
   * rejected before connecting, are recorded as skipped first, so steps stay in order.
   */
  fail(layer: TraceLayer, error: AppError, durationMs: number): TraceStopped {
    const recorded = this.steps.some(
      (step) => step.layer === layer && step.status === "failed",
    );
    if (!recorded) {
      this.skipBefore(layer);
      this.record({
        layer,
        status: "failed",
        durationMs,
        summary: error.message,
        error: error.shape,
      });
    }
    return new TraceStopped(layer);
  }

  skip(layer: TraceLayer, summary: string): void {
    this.record({ layer, status: "skipped", durationMs: 0, summary });
  }

  private skipBefore(failed: TraceLayer): void {
    const position = this.layers.indexOf(failed);
    for (let layer = this.nextLayer(); layer; layer = this.nextLayer()) {
      if (this.layers.indexOf(layer) >= position) return;
      this.skip(
        layer,
        "Not run, because a later layer failed before any connection was made.",
      );
    }
  }

  /** Returns the first planned layer that has no step yet. */
  nextLayer(): TraceLayer | undefined {
    const done = new Set(this.steps.map((step) => step.layer));
    return this.layers.find((layer) => !done.has(layer));
  }

  /** Marks every planned layer without a step as skipped, after a failure. */
  skipRemaining(): void {
    for (let layer = this.nextLayer(); layer; layer = this.nextLayer()) {
      this.skip(layer, "Not run because an earlier layer failed.");
    }
  }
}

export function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
