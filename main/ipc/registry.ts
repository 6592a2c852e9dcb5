import type { z } from "zod";
import {
  CHANNELS,
  type Channel,
  type EventName,
} from "../../shared/ipc/channels";
import {
  contract,
  events,
  type Contract,
  type EventPayloadOf,
  type IpcResult,
  type ResponseOf,
} from "../../shared/ipc/contract";
import type { AppErrorShape } from "../../shared/domain/errors";
import type { Logger } from "../services/logging/logger";
import type { Redactor } from "../services/logging/redactor";
import type { OperationRegistry } from "../services/operations";
import {
  invalidRequestError,
  invalidResponseError,
  missingHandlerError,
  toErrorShape,
  unknownChannelError,
  untrustedSenderError,
} from "./ipc-errors";

/** A handler's request: the request schema's output, after validation. */
export type ParsedRequestOf<C extends Channel> = z.output<
  Contract[C]["request"]
>;

export interface HandlerContext {
  /** Sends an event to the renderer that made the request. Invalid payloads are logged and dropped. */
  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void;
  /** Aborted by `operation:cancel`. Never aborted when the request has no `operationId`. */
  signal: AbortSignal;
  operationId: string | null;
}

export type Handler<C extends Channel> = (
  request: ParsedRequestOf<C>,
  context: HandlerContext,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

/** The part of the registry that handler modules need. */
export interface HandlerRegistrar {
  register<C extends Channel>(channel: C, handler: Handler<C>): void;
}

/** Delivers an event to the renderer over whatever transport made the request. */
export type EventSink = (event: EventName, payload: unknown) => void;

export interface IpcRegistryOptions<Sender> {
  /** Sender check that passes only the app's own window, or the e2e bridge page in tests. */
  isTrustedSender: (sender: Sender) => boolean;
  operations: OperationRegistry;
  logger: Logger;
  redactor: Redactor;
}

/** The channel that cancels operations, so it must not start one for its own `operationId`. */
const CANCEL_CHANNEL: Channel = "operation:cancel";

function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

/**
 * Channel name to handler, independent of the transport (Electron IPC in the app, HTTP in
 * the e2e bridge). Every call is checked for a known channel and a trusted sender, and its
 * request and response are validated against the IPC contract. Errors cross as values.
 */
export class IpcRegistry<Sender> implements HandlerRegistrar {
  private readonly handlers = new Map<Channel, Handler<Channel>>();
  private readonly logger: Logger;

  constructor(private readonly options: IpcRegistryOptions<Sender>) {
    this.logger = options.logger.child("ipc");
  }

  register<C extends Channel>(channel: C, handler: Handler<C>): void {
    if (this.handlers.has(channel)) {
      throw new Error(`A handler for ${channel} is already registered.`);
    }

    this.handlers.set(channel, handler);
  }

  /** Channels of the contract that have no handler yet. */
  missingChannels(): Channel[] {
    return CHANNELS.filter((channel) => !this.handlers.has(channel));
  }

  /** Runs one request through the checks and its handler. Never rejects. */
  async dispatch(
    channel: string,
    rawRequest: unknown,
    sender: Sender,
    emit: EventSink,
  ): Promise<IpcResult<unknown>> {
    if (!isChannel(channel)) {
      this.logger.warn("Rejected a request on an unknown channel", { channel });
      return { ok: false, error: unknownChannelError(channel) };
    }

    if (!this.isTrusted(sender)) {
      this.logger.warn("Rejected a request from an untrusted sender", {
        channel,
      });
      return { ok: false, error: untrustedSenderError(channel) };
    }

    const parsed = contract[channel].request.safeParse(rawRequest);
    if (!parsed.success) {
      const error = invalidRequestError(channel, parsed.error);
      this.logger.warn("Rejected an invalid request", { channel, error });
      return { ok: false, error };
    }

    return this.run(channel, parsed.data, emit);
  }

  private isTrusted(sender: Sender): boolean {
    try {
      return this.options.isTrustedSender(sender);
    } catch (error) {
      this.logger.error("The sender check failed", { error });
      return false;
    }
  }

  private async run(
    channel: Channel,
    request: unknown,
    emit: EventSink,
  ): Promise<IpcResult<unknown>> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) {
      this.logger.error("No handler is registered", { channel });
      return { ok: false, error: missingHandlerError(channel) };
    }

    const operationId =
      channel === CANCEL_CHANNEL ? null : readOperationId(request);
    let signal: AbortSignal;
    try {
      signal =
        operationId === null
          ? new AbortController().signal
          : this.options.operations.start(operationId);
    } catch (error) {
      return this.fail(channel, operationId, error, false);
    }

    try {
      const context = {
        emit: this.eventEmitter(channel, emit),
        signal,
        operationId,
      };
      const response = await handler(request as never, context);
      return this.validateResponse(channel, response);
    } catch (error) {
      return this.fail(channel, operationId, error, signal.aborted);
    } finally {
      if (operationId !== null) {
        this.options.operations.finish(operationId);
      }
    }
  }

  private validateResponse(
    channel: Channel,
    response: unknown,
  ): IpcResult<unknown> {
    const parsed = contract[channel].response.safeParse(response);
    if (!parsed.success) {
      this.logger.error(
        "A handler returned a response that does not match the contract",
        {
          channel,
          issues: parsed.error.issues.map((issue) => ({
            path: issue.path.map(String).join("."),
            message: issue.message,
          })),
        },
      );
      return { ok: false, error: invalidResponseError(channel) };
    }

    return { ok: true, value: parsed.data };
  }

  private fail(
    channel: Channel,
    operationId: string | null,
    error: unknown,
    cancelled: boolean,
  ): IpcResult<unknown> {
    const shape: AppErrorShape = toErrorShape(
      channel,
      error,
      cancelled,
      this.options.redactor,
    );
    const fields = {
      channel,
      operationId,
      kind: shape.kind,
      code: shape.code,
      error,
    };
    if (shape.kind === "internal") {
      this.logger.error("A request failed", fields);
    } else {
      this.logger.info("A request failed", fields);
    }

    return { ok: false, error: shape };
  }

  private eventEmitter(
    channel: Channel,
    emit: EventSink,
  ): HandlerContext["emit"] {
    return (event, payload) => {
      const parsed = events[event].safeParse(payload);
      if (!parsed.success) {
        this.logger.error("Dropped an event that does not match the contract", {
          channel,
          event,
          issues: parsed.error.issues.map((issue) => issue.message),
        });
        return;
      }

      try {
        emit(event, parsed.data);
      } catch (error) {
        this.logger.warn("Sending an event to the renderer failed", {
          channel,
          event,
          error,
        });
      }
    };
  }
}

function readOperationId(request: unknown): string | null {
  if (
    typeof request !== "object" ||
    request === null ||
    !("operationId" in request)
  ) {
    return null;
  }

  const value = request.operationId;
  return typeof value === "string" ? value : null;
}
