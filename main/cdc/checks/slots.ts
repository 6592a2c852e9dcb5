import type { DoctorCheck, Fix } from "../../../shared/domain/cdc";
import type { SlotFact } from "../facts";
import { formatBytes, listNames, quoteLiteral, settingBytes } from "../format";
import { settingFix } from "../provider";
import {
  makeCheck,
  sqlFix,
  unreadableCheck,
  type CheckContext,
} from "./context";

/** PostgreSQL's rule for replication slot names. */
const SLOT_NAME = /^[a-z0-9_]{1,63}$/;

function intSetting(context: CheckContext, name: string): number | null {
  const settings = context.facts.settings;
  const value = settings.ok ? settings.value.get(name)?.setting : undefined;
  return value === undefined ? null : Number(value);
}

function dropFix(slot: SlotFact): Fix {
  return sqlFix(`SELECT pg_drop_replication_slot(${quoteLiteral(slot.name)});`);
}

const SLOT_CAPACITY = {
  id: "replication-slots",
  title: "Replication slot capacity",
  required: "one free slot, unless the slot already exists",
};

export function slotCapacityCheck(context: CheckContext): DoctorCheck {
  const { slots } = context.facts;
  const max = intSetting(context, "max_replication_slots");
  if (!slots.ok)
    return unreadableCheck(SLOT_CAPACITY, slots, "the replication slots");
  if (max === null)
    return missingSetting(SLOT_CAPACITY, "max_replication_slots");

  const used = slots.value.slots.length;
  const current = `${used} of ${max} used`;
  const slotName = context.request.slotName;
  if (slots.value.slots.some((slot) => slot.name === slotName)) {
    return makeCheck({
      ...SLOT_CAPACITY,
      status: "pass",
      current,
      message: `Slot ${slotName} already exists, so CDC needs no new slot (${current}).`,
    });
  }
  if (used < max) {
    return makeCheck({
      ...SLOT_CAPACITY,
      status: "pass",
      current,
      message: `${current}, so PostHog can create ${slotLabel(slotName)}.`,
    });
  }

  return slotsFullCheck(context, slots.value.slots, max);
}

function slotsFullCheck(
  context: CheckContext,
  slots: SlotFact[],
  max: number,
): DoctorCheck {
  const current = `${slots.length} of ${max} used`;
  const inactive = slots.filter((slot) => !slot.active);
  const unused =
    inactive.length > 0
      ? `a slot that is no longer used (inactive: ${listNames(inactive.map((slot) => slot.name))})`
      : "a slot that is no longer used";
  return makeCheck({
    ...SLOT_CAPACITY,
    status: "fail",
    current,
    message: `No free replication slots (${current}), so PostHog cannot create ${slotLabel(context.request.slotName)}. Either drop ${unused}, or raise max_replication_slots to ${max + 1} and restart the server.`,
    fixes: [
      ...inactive.map(dropFix),
      settingFix(context.provider.id, {
        name: "max_replication_slots",
        value: String(max + 1),
        restart: true,
      }),
    ],
  });
}

export function walSenderCheck(context: CheckContext): DoctorCheck {
  const base = {
    id: "wal-senders",
    title: "WAL sender capacity",
    required: "one free WAL sender",
  };
  const { slots } = context.facts;
  const max = intSetting(context, "max_wal_senders");
  if (!slots.ok) return unreadableCheck(base, slots, "the WAL senders");
  if (max === null) return missingSetting(base, "max_wal_senders");

  const inUse = slots.value.senders_in_use;
  const current = `${inUse} of ${max} in use`;
  const streaming = slots.value.slots.some(
    (slot) => slot.name === context.request.slotName && slot.active,
  );
  if (streaming || inUse < max) {
    return makeCheck({
      ...base,
      status: "pass",
      current,
      message: streaming
        ? `Slot ${context.request.slotName} is already streaming (${current}).`
        : `A WAL sender is free for CDC (${current}).`,
    });
  }
  return makeCheck({
    ...base,
    status: "fail",
    current,
    message: `No free WAL senders (${current}): each streaming replication connection takes one, so PostHog could not stream changes. Raise max_wal_senders to ${Math.max(max + 1, inUse + 1)} and restart the server.`,
    fixes: [
      settingFix(context.provider.id, {
        name: "max_wal_senders",
        value: String(Math.max(max + 1, inUse + 1)),
        restart: true,
      }),
    ],
  });
}

function missingSetting(
  base: { id: string; title: string; required: string },
  name: string,
): DoctorCheck {
  return makeCheck({
    ...base,
    status: "fail",
    message: `${name} is missing from pg_settings, so this check cannot confirm CDC readiness. Connect to the PostgreSQL server directly, not through a pooler.`,
  });
}

/** PostHog's slot name when none is given: `posthog_` and the first 12 hex digits of the source id. */
const POSTHOG_SLOT_NAME = "posthog_<12 hex digits of the source id>";

/** Names the slot PostHog will create, as the object of "PostHog can create ...". */
function slotLabel(slotName: string): string {
  return slotName === ""
    ? `its slot (${POSTHOG_SLOT_NAME})`
    : `slot ${slotName}`;
}

const SLOT_NAME_RULE = "1-63 characters a-z, 0-9 or _";

/** PostHog creates the slot itself and stops when the name is taken or invalid. */
export function slotNameCheck(context: CheckContext): DoctorCheck {
  const slotName = context.request.slotName;
  const base = { id: "slot-name", title: "Replication slot name" };
  if (slotName === "") {
    return makeCheck({
      ...base,
      status: "pass",
      current: "chosen by PostHog",
      required: `blank, or ${SLOT_NAME_RULE}`,
      message: `PostHog names the slot ${POSTHOG_SLOT_NAME} when CDC is turned on.`,
    });
  }
  if (!SLOT_NAME.test(slotName)) {
    return makeCheck({
      ...base,
      status: "fail",
      current: slotName,
      required: SLOT_NAME_RULE,
      message: `"${slotName}" is not a valid replication slot name: use 1 to 63 lowercase letters, digits or underscores.`,
    });
  }

  const { slots } = context.facts;
  const unused = { ...base, required: "no existing slot with this name" };
  if (!slots.ok) return unreadableCheck(unused, slots, "the replication slots");
  const slot = slots.value.slots.find(
    (candidate) => candidate.name === slotName,
  );
  if (slot === undefined) {
    return makeCheck({
      ...unused,
      status: "pass",
      current: "does not exist yet",
      message: `PostHog will create slot ${slotName} when CDC is turned on.`,
    });
  }
  return existingSlotCheck(context, base, slot);
}

function existingSlotCheck(
  context: CheckContext,
  base: { id: string; title: string },
  slot: SlotFact,
): DoctorCheck {
  const database = context.facts.session.ok
    ? context.facts.session.value.database
    : null;
  const usable =
    slot.type === "logical" &&
    slot.plugin === "pgoutput" &&
    (database === null || slot.database === database) &&
    slot.walStatus !== "lost";
  const current = `exists (${slot.type}, plugin ${slot.plugin ?? "none"}, database ${slot.database ?? "none"}${slot.walStatus ? `, wal_status ${slot.walStatus}` : ""})`;
  if (!usable) {
    return makeCheck({
      ...base,
      status: "fail",
      current,
      required: `a logical pgoutput slot in database ${database ?? "of this connection"} whose WAL is available, or a new name`,
      message: `Slot ${slot.name} exists but CDC cannot use it: PostHog needs a logical pgoutput slot in database ${database ?? "of this connection"} whose WAL is still available. Choose another slot name.`,
    });
  }
  return makeCheck({
    ...base,
    status: "warn",
    current,
    required: "a new slot name, unless the slot belongs to this PostHog source",
    message: `Slot ${slot.name} already exists. If it belongs to this PostHog source, nothing is needed; for a new source, PostHog stops with "A replication slot named ${slot.name} already exists", so choose another slot name.`,
  });
}

/** Warns once per inactive slot, because PostgreSQL keeps the WAL it retains until it is used or dropped. */
export function inactiveSlotChecks(context: CheckContext): DoctorCheck[] {
  const { slots } = context.facts;
  if (!slots.ok) return [];
  return slots.value.slots
    .filter((slot) => !slot.active)
    .map(inactiveSlotCheck);
}

function inactiveSlotCheck(slot: SlotFact): DoctorCheck {
  const base = {
    id: "inactive-slot",
    title: `Inactive slot ${slot.name}`,
    required: "active, or dropped when no longer used",
  };
  if (slot.walStatus === "lost") {
    return makeCheck({
      ...base,
      status: "warn",
      current: "unusable (wal_status = lost)",
      message: `Slot ${slot.name} is unusable: the server already removed WAL it needed (wal_status = lost), so its consumer cannot resume. Drop it if nothing uses it; the doctor never drops slots.`,
      fixes: [dropFix(slot)],
    });
  }

  const retained =
    slot.retainedBytes === null
      ? "an unknown amount of WAL"
      : `${formatBytes(slot.retainedBytes)} of WAL (${slot.retainedBytes} bytes)`;
  return makeCheck({
    ...base,
    status: "warn",
    current: `inactive, retains ${retained}`,
    message: `Slot ${slot.name} is inactive and retains ${retained}. The server keeps that WAL until the slot is used again or dropped, so an abandoned slot can fill the disk. Drop it if nothing uses it; the doctor never drops slots.`,
    fixes: [dropFix(slot)],
  });
}

/** Warns when inactive slots may keep WAL without limit (`max_slot_wal_keep_size = -1`). */
export function walKeepSizeCheck(context: CheckContext): DoctorCheck | null {
  const settings = context.facts.settings;
  const setting = settings.ok
    ? settings.value.get("max_slot_wal_keep_size")
    : undefined;
  if (setting === undefined) return null;

  const base = {
    id: "max-slot-wal-keep-size",
    title: "WAL kept for slots",
    required: "a limit below the free disk space",
  };
  if (setting.setting !== "-1") {
    const limit = formatBytes(settingBytes(setting.setting, setting.unit));
    return makeCheck({
      ...base,
      status: "pass",
      current: limit,
      message: `A slot may retain at most ${limit} of WAL; beyond that the server invalidates it (wal_status = lost) instead of filling the disk.`,
    });
  }
  return makeCheck({
    ...base,
    status: "warn",
    current: "-1 (unlimited)",
    message:
      "max_slot_wal_keep_size is -1, so a slot whose consumer stops retains WAL without limit until the disk fills. Set a limit that fits the free disk space; a slot past it becomes unusable and PostHog must resync.",
    fixes: [
      settingFix(context.provider.id, {
        name: "max_slot_wal_keep_size",
        value: "<size, e.g. 50GB>",
        restart: false,
      }),
    ],
  });
}
