import type { Channel } from "../../../shared/ipc/channels";
import type {
  DwConnectApi,
  ProgressEvent,
  RequestOf,
  ResponseOf,
} from "../../../shared/ipc/contract";
import { AppError, type AppErrorShape } from "../../../shared/domain/errors";

/**
 * The renderer's view of main: calls that resolve to values or throw an
 * AppError.
 */
export interface IpcClient {
  call<C extends Channel>(
    channel: C,
    request: RequestOf<C>,
  ): Promise<ResponseOf<C>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
}

/**
 * Wraps the preload API so that an error result becomes a thrown AppError with
 * the same kind, code, fix and detail. A rejected `invoke` (the bridge itself
 * failed) becomes an `internal` AppError naming the channel.
 */
export function createIpcClient(api: DwConnectApi): IpcClient {
  return {
    async call<C extends Channel>(
      channel: C,
      request: RequestOf<C>,
    ): Promise<ResponseOf<C>> {
      let result;
      try {
        result = await api.invoke(channel, request);
      } catch (error) {
        throw bridgeError(channel, error);
      }

      if (!result.ok) throw new AppError(result.error);
      return result.value;
    },

    onProgress(listener) {
      return api.on("operation:progress", listener);
    },
  };
}

/**
 * Returns the error's shape, wrapping anything that is not an AppError as
 * `internal`.
 */
export function toErrorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.shape;
  return {
    kind: "internal",
    code: "RENDERER_UNEXPECTED",
    message: "The app window hit an unexpected error.",
    fix: "Try again. If it keeps happening, restart the app.",
    detail: describe(error),
  };
}

function bridgeError(channel: Channel, error: unknown): AppError {
  return new AppError({
    kind: "internal",
    code: "IPC_BRIDGE_FAILED",
    message: `The call to ${channel} did not reach the app's main process.`,
    fix: "Restart the app.",
    detail: describe(error),
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
