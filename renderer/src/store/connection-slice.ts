import type {
  SavedConnection,
  SecretName,
} from "../../../shared/domain/connection";
import type { AppErrorShape } from "../../../shared/domain/errors";
import {
  parseConnectionString,
  type ParsedConnectionString,
} from "../../../shared/postgres/connection-string";
import { toErrorShape } from "../api/client";
import {
  applyConnectionString,
  buildSettings,
  defaultConnectionForm,
  emptySecrets,
  SECRET_NAMES,
  secretsToClear,
  secretsToSend,
  type ConnectionForm,
  type FieldErrors,
  type TypedSecrets,
} from "./connection-form";
import { initialCdcState } from "./cdc-slice";
import { initialDiscoveryState } from "./discovery-slice";
import {
  firstInvalidField,
  formFieldOfError,
  type FormFieldName,
} from "./field-errors";
import { inspectPrivateKeyText, type PrivateKeyInfo } from "./private-key-info";
import { withSavedConnection } from "./saved-connection-list";
import { initialSelectionState } from "./selection-slice";
import type { AppState, SliceCreator } from "./types";

/** A private key loaded from a file, described without showing its text. */
export interface LoadedPrivateKey {
  fileName: string;
  info: PrivateKeyInfo;
}

export interface ConnectionState {
  connectionForm: ConnectionForm;
  typedSecrets: TypedSecrets;
  savedConnection: SavedConnection | null;
  /** Increases with every edit of the form or a typed secret. */
  formRevision: number;
  /** `formRevision` at the last successful save. */
  savedRevision: number | null;
  fieldErrors: FieldErrors;
  connectionError: AppErrorShape | null;
  connectionSaving: boolean;
  pasteError: AppErrorShape | null;
  /**
   * Notes on the last pasted connection string: the fields it filled and what
   * it ignored.
   */
  pasteNotes: string[];
  /** Set when the key was loaded from a file, until the key text is edited. */
  loadedPrivateKey: LoadedPrivateKey | null;
  /**
   * The field to move focus to after an error, a new object on each request.
   * The form clears it once focused.
   */
  fieldFocus: { field: FormFieldName } | null;
}

export interface ConnectionSlice extends ConnectionState {
  setConnectionField: <K extends keyof ConnectionForm>(
    field: K,
    value: ConnectionForm[K],
  ) => void;
  setSecret: (name: SecretName, value: string) => void;
  /**
   * Fills the form from a `postgresql://` URL. Returns false and stores the
   * error when the URL is invalid.
   */
  pasteConnectionString: (text: string) => boolean;
  /** Sets the SSH private key from a file's text and remembers the file. */
  loadPrivateKey: (fileName: string, text: string) => void;
  loadCaCertificate: (fileName: string, pem: string) => void;
  clearCaCertificate: () => void;
  /**
   * Saves the settings and the typed secrets, then clears the typed secrets.
   * Skips the call when nothing changed since the last save. Returns null when
   * the form is invalid or the save fails.
   */
  saveConnection: () => Promise<SavedConnection | null>;
  /**
   * Shows an error under the form field it names and requests focus for that
   * field. Returns false when the error names no field of the form.
   */
  showFieldError: (error: AppErrorShape) => boolean;
  clearFieldFocus: () => void;
}

export const initialConnectionState: ConnectionState = {
  connectionForm: defaultConnectionForm,
  typedSecrets: emptySecrets,
  savedConnection: null,
  formRevision: 0,
  savedRevision: null,
  fieldErrors: {},
  connectionError: null,
  connectionSaving: false,
  pasteError: null,
  pasteNotes: [],
  loadedPrivateKey: null,
  fieldFocus: null,
};

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (
  set,
  get,
  deps,
) => ({
  ...initialConnectionState,

  setConnectionField(field, value) {
    set((state) => ({
      connectionForm: withRouteDefault(state.connectionForm, field, value),
      fieldErrors: { ...state.fieldErrors, [field]: undefined },
      formRevision: state.formRevision + 1,
    }));
  },

  setSecret(name, value) {
    set((state) => ({
      typedSecrets: { ...state.typedSecrets, [name]: value },
      fieldErrors: { ...state.fieldErrors, [name]: undefined },
      formRevision: state.formRevision + 1,
      ...(name === "sshPrivateKey" ? { loadedPrivateKey: null } : {}),
    }));
  },

  loadPrivateKey(fileName, text) {
    get().setSecret("sshPrivateKey", text);
    set({
      loadedPrivateKey: { fileName, info: inspectPrivateKeyText(text) },
    });
  },

  pasteConnectionString(text) {
    let parsed: ParsedConnectionString;
    try {
      parsed = parseConnectionString(text);
    } catch (error) {
      set({ pasteError: toErrorShape(error), pasteNotes: [] });
      return false;
    }

    set((state) => ({
      connectionForm: applyConnectionString(state.connectionForm, parsed),
      typedSecrets: {
        ...state.typedSecrets,
        password: parsed.password ?? state.typedSecrets.password,
      },
      fieldErrors: {},
      formRevision: state.formRevision + 1,
      pasteError: null,
      pasteNotes: [describeFilledFields(parsed), ...parsed.notes],
    }));
    return true;
  },

  loadCaCertificate(fileName, pem) {
    set((state) => ({
      connectionForm: {
        ...state.connectionForm,
        caCertificate: pem,
        caFileName: fileName,
      },
      fieldErrors: { ...state.fieldErrors, caCertificate: undefined },
      formRevision: state.formRevision + 1,
    }));
  },

  clearCaCertificate() {
    get().loadCaCertificate("", "");
  },

  async saveConnection() {
    const state = get();
    if (state.savedConnection && !hasUnsavedChanges(state)) {
      return state.savedConnection;
    }

    const stored = state.savedConnection?.secrets ?? null;
    const check = buildSettings(
      state.connectionForm,
      state.typedSecrets,
      stored,
    );
    if (!check.ok) {
      const field = firstInvalidField(check.errors);
      set({
        fieldErrors: check.errors,
        connectionError: invalidFormError(),
        fieldFocus: field ? { field } : null,
      });
      return null;
    }

    set({ connectionSaving: true, connectionError: null, fieldErrors: {} });
    try {
      const saved = await deps.client.call("connection:save", {
        ...(state.savedConnection ? { id: state.savedConnection.id } : {}),
        settings: check.settings,
        secrets: secretsToSend(state.connectionForm, state.typedSecrets),
        clearSecrets: secretsToClear(state.connectionForm, stored),
      });
      set((current) => ({
        ...stateAfterSave(state, current, saved),
        savedConnections: withSavedConnection(current.savedConnections, saved),
      }));
      return saved;
    } catch (error) {
      const shape = toErrorShape(error);
      set({ connectionSaving: false, connectionError: shape });
      get().showFieldError(shape);
      return null;
    }
  },

  showFieldError(error) {
    const field = formFieldOfError(error.field);
    if (!field) return false;

    set((state) => ({
      fieldErrors: { ...state.fieldErrors, [field]: error.message },
      fieldFocus: { field },
    }));
    return true;
  },

  clearFieldFocus() {
    set({ fieldFocus: null });
  },
});

function hasUnsavedChanges(state: ConnectionState): boolean {
  const typedAny = SECRET_NAMES.some((name) => state.typedSecrets[name] !== "");
  return typedAny || state.savedRevision !== state.formRevision;
}

/**
 * Records a save that started from `before`. Discovery, table choices and the
 * CDC report are dropped when the saved settings changed, because they
 * described the old database.
 */
function stateAfterSave(
  before: ConnectionState,
  current: ConnectionState,
  saved: SavedConnection,
): Partial<AppState> {
  const settingsChanged =
    JSON.stringify(saved.settings) !==
    JSON.stringify(before.savedConnection?.settings);

  return {
    savedConnection: saved,
    savedRevision: before.formRevision,
    typedSecrets: clearSentSecrets(current.typedSecrets, before.typedSecrets),
    connectionSaving: false,
    ...(settingsChanged
      ? {
          ...initialDiscoveryState,
          ...initialSelectionState,
          ...initialCdcState,
          plan: null,
        }
      : {}),
  };
}

/**
 * Returns the form with one field set, switching the PostHog route to the same
 * bastion when the tunnel is turned on.
 */
function withRouteDefault<K extends keyof ConnectionForm>(
  form: ConnectionForm,
  field: K,
  value: ConnectionForm[K],
): ConnectionForm {
  const next = { ...form, [field]: value };
  if (field !== "sshEnabled") return next;

  if (value === true && form.routeKind === "direct") {
    return { ...next, routeKind: "same-tunnel" };
  }
  if (value === false && form.routeKind === "same-tunnel") {
    return { ...next, routeKind: "direct" };
  }
  return next;
}

/**
 * Clears every typed secret, except one the user changed while the save was
 * running.
 */
function clearSentSecrets(
  current: TypedSecrets,
  sent: TypedSecrets,
): TypedSecrets {
  const cleared = { ...emptySecrets };
  for (const name of SECRET_NAMES) {
    if (current[name] !== sent[name]) cleared[name] = current[name];
  }
  return cleared;
}

function describeFilledFields(parsed: ParsedConnectionString): string {
  const filled = [
    "host",
    parsed.port !== null ? "port" : null,
    parsed.database !== null ? "database" : null,
    parsed.user !== null ? "user" : null,
    parsed.password !== null ? "password" : null,
    parsed.tlsMode !== null ? "TLS mode" : null,
  ].filter((name): name is string => name !== null);
  return `Filled ${filled.join(", ")} from the connection string.`;
}

function invalidFormError(): AppErrorShape {
  return {
    kind: "invalid-input",
    code: "FORM_INVALID",
    message: "Some connection fields are missing or invalid.",
    fix: "Correct the highlighted fields, then test the connection again.",
  };
}
