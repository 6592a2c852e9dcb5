import { describe, expect, it } from "vitest";
import type { SessionFacts } from "../../main/cdc/facts";
import { detectProvider, settingFix } from "../../main/cdc/provider";

function session(overrides: Partial<SessionFacts>): SessionFacts {
  return {
    version_num: 150004,
    version: "15.4",
    database: "app",
    database_quoted: "app",
    login_role: "sync_user",
    login_role_quoted: "sync_user",
    active_role: "sync_user",
    active_role_quoted: "sync_user",
    superuser: false,
    replication: false,
    in_recovery: false,
    can_create: false,
    replication_groups: [],
    custom_settings: {},
    provider_roles: [],
    provider_settings: [],
    has_aurora_version: false,
    ...overrides,
  };
}

describe("detectProvider", () => {
  it("prefers Aurora over its RDS signals", () => {
    const provider = detectProvider({
      ok: true,
      value: session({
        has_aurora_version: true,
        provider_roles: [{ name: "rds_superuser", member: false }],
      }),
    });

    expect(provider.id).toBe("aurora");
    expect(provider.evidence).toBe("function aurora_version()");
  });

  it("reads settings listed in pg_settings", () => {
    const provider = detectProvider({
      ok: true,
      value: session({ provider_settings: ["neon.pageserver_connstring"] }),
    });

    expect(provider.id).toBe("neon");
    expect(provider.evidence).toBe("setting neon.pageserver_connstring");
  });

  it("falls back to self-hosted", () => {
    const provider = detectProvider({ ok: true, value: session({}) });

    expect(provider.id).toBe("self-hosted");
  });

  it("assumes self-hosted when unreadable", () => {
    const provider = detectProvider({
      ok: false,
      error: "permission denied for view pg_roles",
      code: "42501",
    });

    expect(provider.id).toBe("self-hosted");
    expect(provider.evidence).toContain("permission denied");
  });
});

describe("settingFix", () => {
  it("quotes a size for ALTER SYSTEM", () => {
    const fix = settingFix("self-hosted", {
      name: "max_slot_wal_keep_size",
      value: "50GB",
      restart: false,
    });

    expect(fix.text).toBe(
      "ALTER SYSTEM SET max_slot_wal_keep_size = '50GB'; SELECT pg_reload_conf();",
    );
  });

  it("uses the parameter group on RDS", () => {
    const fix = settingFix("rds", {
      name: "max_wal_senders",
      value: "20",
      restart: true,
    });

    expect(fix.kind).toBe("console");
    expect(fix.text).toBe(
      "In the instance's custom DB parameter group, set max_wal_senders to 20, then reboot the instance.",
    );
    expect(fix.requiresRestart).toBe(true);
  });
});
