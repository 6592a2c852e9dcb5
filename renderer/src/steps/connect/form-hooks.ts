import { useEffect, type RefObject } from "react";
import type { SecretName } from "../../../../shared/domain/connection";
import type { ConnectionForm } from "../../store/connection-form";
import { useAppStore } from "../../store/context";

/**
 * Reads one connection form field with its error, and returns a setter for it.
 */
export function useFormField<K extends keyof ConnectionForm>(field: K) {
  const value = useAppStore((state) => state.connectionForm[field]);
  const error = useAppStore((state) => state.fieldErrors[field] ?? null);
  const setField = useAppStore((state) => state.setConnectionField);
  return {
    value,
    error,
    set: (next: ConnectionForm[K]) => setField(field, next),
  };
}

/**
 * Reads one typed secret, whether it is stored, and its error, and returns a
 * setter.
 */
export function useSecretField(name: SecretName) {
  const value = useAppStore((state) => state.typedSecrets[name]);
  const stored = useAppStore(
    (state) => state.savedConnection?.secrets[name] === true,
  );
  const error = useAppStore((state) => state.fieldErrors[name] ?? null);
  const setSecret = useAppStore((state) => state.setSecret);
  return { value, stored, error, set: (next: string) => setSecret(name, next) };
}

/**
 * Moves focus to the field that the store's `fieldFocus` requests after an
 * error, found by its `name` inside `form`, then clears the request.
 */
export function useFieldFocus(form: RefObject<HTMLElement | null>): void {
  const request = useAppStore((state) => state.fieldFocus);
  const clearFieldFocus = useAppStore((state) => state.clearFieldFocus);

  useEffect(() => {
    if (!request) return;
    const field = form.current?.querySelector<HTMLElement>(
      `[name="${request.field}"]`,
    );
    field?.focus({ preventScroll: true });
    field?.scrollIntoView({ block: "center" });
    clearFieldFocus();
  }, [request, clearFieldFocus, form]);
}
