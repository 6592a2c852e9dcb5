import { asText, isObject } from "./config-validation";
import { drfError, fieldError } from "./envelopes";
import { SOURCE_TYPES } from "./source-definitions";
import type { FakeResponse } from "./types";

/**
 * Field validation of the DRF serializers behind create and store_credentials.
 * DRF collects every field error and drf-exceptions-hog reports the first one,
 * with the field in `attr`.
 */

type Body = Record<string, unknown>;
type FieldCheck = (body: Body) => FakeResponse | null;

const REQUIRED = "This field is required.";

export function checkBodyIsObject(body: unknown): FakeResponse | null {
  if (isObject(body)) return null;
  const type = Array.isArray(body) ? "list" : typeof body;
  return drfError(
    400,
    "validation_error",
    "invalid",
    `Invalid data. Expected a dictionary, but got ${type}.`,
  );
}

function sourceType(body: Body): FakeResponse | null {
  return choice(body, "source_type", SOURCE_TYPES, true);
}

function payload(body: Body): FakeResponse | null {
  if (body.payload === undefined)
    return fieldError("payload", "required", REQUIRED);
  if (isObject(body.payload)) return null;
  return fieldError(
    "payload",
    "not_a_dict",
    `Expected a dictionary of items but got type "${pythonType(body.payload)}".`,
  );
}

function choice(
  body: Body,
  field: string,
  choices: readonly string[],
  required: boolean,
): FakeResponse | null {
  const value = body[field];
  if (value === undefined) {
    return required ? fieldError(field, "required", REQUIRED) : null;
  }
  if (typeof value === "string" && choices.includes(value)) return null;
  return fieldError(
    field,
    "invalid_choice",
    `"${asText(value)}" is not a valid choice.`,
  );
}

function text(field: string, maxLength: number): FieldCheck {
  return (body) => {
    const value = body[field];
    if (value === undefined || value === null) return null;
    if (typeof value === "object" || typeof value === "boolean") {
      return fieldError(field, "invalid", "Not a valid string.");
    }
    if (asText(value).length <= maxLength) return null;
    return fieldError(
      field,
      "max_length",
      `Ensure this field has no more than ${maxLength} characters.`,
    );
  };
}

function boolean(field: string): FieldCheck {
  return (body) => {
    const value = body[field];
    if (value === undefined || typeof value === "boolean") return null;
    if (["true", "false"].includes(asText(value).toLowerCase())) return null;
    return fieldError(field, "invalid", "Must be a valid boolean.");
  };
}

function uuidList(field: string): FieldCheck {
  return (body) => {
    const value = body[field];
    if (value === undefined) return null;
    if (!Array.isArray(value)) {
      return fieldError(
        field,
        "not_a_list",
        `Expected a list of items but got type "${pythonType(value)}".`,
      );
    }
    if (value.length === 0) {
      return fieldError(field, "empty", "This list may not be empty.");
    }
    return null;
  };
}

function pythonType(value: unknown): string {
  if (Array.isArray(value)) return "list";
  if (value === null) return "NoneType";
  if (typeof value === "string") return "str";
  if (typeof value === "number")
    return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "boolean") return "bool";
  return "dict";
}

const CREATE_CHECKS: FieldCheck[] = [
  sourceType,
  payload,
  text("prefix", 100),
  text("description", 400),
  (body) => choice(body, "access_method", ["warehouse", "direct"], false),
  (body) => choice(body, "created_via", ["web", "api", "mcp"], false),
  boolean("direct_query_enabled"),
  uuidList("destination_ids"),
];

const STORE_CREDENTIALS_CHECKS: FieldCheck[] = [sourceType, payload];

function firstError(checks: FieldCheck[], body: Body): FakeResponse | null {
  for (const check of checks) {
    const error = check(body);
    if (error) return error;
  }
  return null;
}

export function checkCreateBody(body: Body): FakeResponse | null {
  return firstError(CREATE_CHECKS, body);
}

export function checkStoreCredentialsBody(body: Body): FakeResponse | null {
  return firstError(STORE_CREDENTIALS_CHECKS, body);
}
