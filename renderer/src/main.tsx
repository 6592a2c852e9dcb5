import "./zod-config";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import type { DwConnectApi } from "../../shared/ipc/contract";
import { createIpcClient } from "./api/client";
import { App } from "./App";
import { createAppStore } from "./store";
import { StoreProvider } from "./store/context";
import "./styles/base.css";
import "./styles/controls.css";
import "./styles/steps.css";
import "./styles/cdc.css";

declare global {
  interface Window {
    /** The preload's API, absent when the page is opened outside the app. */
    dwConnect?: DwConnectApi;
  }
}

const STATUS_POLL_INTERVAL_MS = 2000;

function start(): void {
  const container = document.getElementById("root");
  if (!container) throw new Error('index.html has no element with id "root".');
  const root = createRoot(container);

  const api = window.dwConnect;
  if (!api) {
    root.render(<MissingBridge />);
    return;
  }

  const store = createAppStore({
    client: createIpcClient(api),
    newOperationId: () => crypto.randomUUID(),
    statusPollIntervalMs: STATUS_POLL_INTERVAL_MS,
  });
  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}

function MissingBridge() {
  return (
    <main className="app-main">
      <div role="alert" className="alert alert-error">
        <p className="alert-message">
          This page cannot reach dw-connect's main process.
        </p>
        <p className="alert-fix">Open it from the dw-connect app.</p>
      </div>
    </main>
  );
}

start();
