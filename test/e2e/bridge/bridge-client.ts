import { CHANNELS, EVENTS } from "../../../shared/ipc/channels";

/** Header that carries the per-run token on IPC requests. */
export const TOKEN_HEADER = "x-dw-bridge-token";

/** Response header with the sequence number of the last event sent before the response. */
export const EVENT_SEQUENCE_HEADER = "x-dw-bridge-event-seq";

/** How long the page waits for the event stream to open or catch up before going on, in ms. */
const EVENT_WAIT_MS = 5000;

/**
 * Returns the classic script served as `/__bridge.js`. It defines `window.dwConnect` with the
 * preload's API shape over `fetch` and `EventSource`, both same-origin so the page's
 * `connect-src 'self'` allows them. An invoke resolves only after the page has received
 * every event sent before its response, so progress events never arrive after the result,
 * as with Electron IPC, where both travel in order over one pipe.
 */
export function renderBridgeClient(token: string): string {
  const constants = [
    `const token = ${JSON.stringify(token)};`,
    `const channels = ${JSON.stringify(CHANNELS)};`,
    `const eventNames = ${JSON.stringify(EVENTS)};`,
    `const tokenHeader = ${JSON.stringify(TOKEN_HEADER)};`,
    `const sequenceHeader = ${JSON.stringify(EVENT_SEQUENCE_HEADER)};`,
    `const waitMs = ${EVENT_WAIT_MS};`,
  ].join("\n  ");

  return `(() => {
  "use strict";
  ${constants}
  const listeners = new Map(eventNames.map((name) => [name, new Set()]));
  let lastSequence = 0;
  let waiters = [];

  const withTimeout = (promise) =>
    Promise.race([promise, new Promise((resolve) => setTimeout(resolve, waitMs))]);

  const source = new EventSource("/__events?token=" + encodeURIComponent(token));
  const opened = withTimeout(
    new Promise((resolve) => source.addEventListener("open", resolve, { once: true })),
  );

  const release = () => {
    const ready = waiters.filter((waiter) => waiter.sequence <= lastSequence);
    waiters = waiters.filter((waiter) => waiter.sequence > lastSequence);
    ready.forEach((waiter) => waiter.resolve());
  };

  for (const name of eventNames) {
    source.addEventListener(name, (message) => {
      lastSequence = Math.max(lastSequence, Number(message.lastEventId) || 0);
      const payload = JSON.parse(message.data);
      for (const listener of listeners.get(name)) {
        try {
          listener(payload);
        } catch (error) {
          console.error(error);
        }
      }
      release();
    });
  }

  const waitForSequence = (sequence) => {
    if (sequence <= lastSequence) {
      return Promise.resolve();
    }
    return withTimeout(
      new Promise((resolve) => waiters.push({ sequence, resolve })),
    );
  };

  const invoke = async (channel, request) => {
    if (!channels.includes(channel)) {
      throw new Error('The IPC channel "' + String(channel) + '" does not exist.');
    }
    await opened;
    const response = await fetch("/__ipc/" + encodeURIComponent(channel), {
      method: "POST",
      headers: { "content-type": "application/json", [tokenHeader]: token },
      body: request === undefined ? "" : JSON.stringify(request),
    });
    if (!response.ok) {
      throw new Error("The e2e bridge returned HTTP " + response.status + " for " + channel + ".");
    }
    const result = await response.json();
    await waitForSequence(Number(response.headers.get(sequenceHeader)) || 0);
    return result;
  };

  const on = (event, listener) => {
    const set = listeners.get(event);
    if (set === undefined) {
      throw new Error('The IPC event "' + String(event) + '" does not exist.');
    }
    if (typeof listener !== "function") {
      throw new TypeError("The listener must be a function.");
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };

  Object.defineProperty(window, "dwConnect", {
    value: Object.freeze({ invoke, on }),
    writable: false,
    configurable: false,
  });
})();
`;
}
