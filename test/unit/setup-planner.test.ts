import { describe, expect, it } from "vitest";
import { SECRET_MASK } from "../../main/setup/masking";
import {
  buildCreateBody,
  planSetup,
  type SetupInput,
} from "../../main/setup/planner";
import {
  SECRETS,
  discoveredTable,
  fullRefreshChoice,
  incrementalChoice,
  postgresSettings,
} from "../fakes/posthog/fixtures";

function input(overrides: Partial<SetupInput> = {}): SetupInput {
  return {
    projectId: 1,
    settings: postgresSettings(),
    secrets: SECRETS,
    discovered: [
      discoveredTable("public.Orders", {
        columns: ["Id", "updatedAt"],
        primaryKey: ["Id"],
      }),
      discoveredTable("sales-eu.v1.events"),
      discoveredTable("public.ünïcode_表"),
    ],
    choices: [
      incrementalChoice("public.Orders", "updatedAt"),
      fullRefreshChoice("public.ünïcode_表"),
    ],
    prefix: "prod_",
    createId: () => "plan-1",
    ...overrides,
  };
}

describe("planSetup payloads", () => {
  it("sends the same tunnel with password auth", () => {
    const { storeCredentialsPayload } = planSetup(input());

    expect(storeCredentialsPayload).toEqual({
      host: "db.internal",
      port: 5432,
      database: "chinook",
      user: "reader",
      password: SECRETS.password,
      schema: "",
      ssh_tunnel: {
        enabled: true,
        host: "bastion.example.com",
        port: 22,
        auth: {
          selection: "password",
          username: "tunnel",
          password: SECRETS.sshPassword,
        },
        require_tls: { enabled: true },
      },
    });
  });

  it("sends a separate tunnel with a key", () => {
    const settings = postgresSettings({
      ssh: { host: "10.0.0.5", port: 22, user: "tunnel", auth: "private-key" },
      posthogRoute: { kind: "tunnel", host: "bastion.example.com", port: 2222 },
      tls: { mode: "disable" },
    });
    const tunnel = planSetup(input({ settings })).storeCredentialsPayload
      .ssh_tunnel;

    expect(tunnel).toEqual({
      enabled: true,
      host: "bastion.example.com",
      port: 2222,
      auth: {
        selection: "keypair",
        username: "tunnel",
        private_key: SECRETS.sshPrivateKey,
        passphrase: SECRETS.sshPassphrase,
      },
      require_tls: { enabled: false },
    });
  });

  it("sends no tunnel on a direct route", () => {
    const settings = postgresSettings({
      host: "db.example.com",
      posthogRoute: { kind: "direct" },
    });
    const payload = planSetup(input({ settings })).storeCredentialsPayload;

    expect(payload.ssh_tunnel).toBeUndefined();
    expect(payload.host).toBe("db.example.com");
  });

  it("builds the create body", () => {
    const body = buildCreateBody(planSetup(input()), "cred-1");

    expect(body).toEqual({
      source_type: "Postgres",
      prefix: "prod_",
      payload: {
        credential_id: "cred-1",
        schemas: [
          {
            name: "public.Orders",
            should_sync: true,
            sync_type: "incremental",
            incremental_field: "updatedAt",
            incremental_field_type: "timestamp",
            primary_key_columns: ["Id"],
          },
          { name: "sales-eu.v1.events", should_sync: false },
          {
            name: "public.ünïcode_表",
            should_sync: true,
            sync_type: "full_refresh",
          },
        ],
      },
    });
  });

  it("names the warehouse tables", () => {
    const { plan } = planSetup(input());

    expect(plan.tables.map((t) => t.warehouseTable)).toEqual([
      "prod_postgres_public__orders",
      "prod_postgres_public__ünïcode_表",
    ]);
  });
});

describe("planSetup review", () => {
  it("masks every secret in the preview", () => {
    const settings = postgresSettings({
      ssh: {
        host: "bastion.example.com",
        port: 22,
        user: "tunnel",
        auth: "private-key",
      },
    });
    const { plan } = planSetup(input({ settings }));
    const text = JSON.stringify(plan);

    for (const secret of Object.values(SECRETS)) {
      expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
    }
    expect(plan.requests[0]!.body).toMatchObject({
      payload: {
        password: SECRET_MASK,
        ssh_tunnel: {
          auth: { private_key: SECRET_MASK, passphrase: SECRET_MASK },
        },
      },
    });
  });

  it("marks only store_credentials as secret", () => {
    const { plan } = planSetup(input());

    expect(plan.requests.map((r) => [r.path, r.carriesSecrets])).toEqual([
      ["/api/projects/1/external_data_sources/store_credentials/", true],
      ["/api/projects/1/external_data_sources/", false],
    ]);
  });

  it("shows the credential placeholder", () => {
    const { plan } = planSetup(input());

    expect(plan.requests[1]!.body).toMatchObject({
      payload: {
        credential_id: "<credential_id returned by store_credentials>",
      },
    });
  });

  it("has no warnings for a sound plan", () => {
    const settings = postgresSettings();
    const prepared = planSetup(input({ settings }));

    expect(prepared.plan.warnings).toEqual([]);
    expect(prepared.blockers).toEqual([]);
  });
});

describe("planSetup warnings", () => {
  it("warns about a private direct host", () => {
    const settings = postgresSettings({
      host: "192.168.1.20",
      posthogRoute: { kind: "direct" },
    });
    const { plan, blockers } = planSetup(input({ settings }));

    expect(plan.warnings[0]).toContain("192.168.1.20");
    expect(plan.warnings[0]).toContain(
      "Hosts with internal IP addresses are not allowed",
    );
    expect(blockers).toEqual([]);
  });

  it("warns about TLS off on a direct route", () => {
    const settings = postgresSettings({
      host: "db.example.com",
      posthogRoute: { kind: "direct" },
      tls: { mode: "disable" },
    });
    const { plan } = planSetup(input({ settings }));

    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toContain("TLS is disabled");
  });

  it("blocks tunnel port 443", () => {
    const settings = postgresSettings({
      posthogRoute: { kind: "tunnel", host: "bastion.example.com", port: 443 },
    });
    const { plan, blockers } = planSetup(input({ settings }));

    expect(blockers.map((b) => b.code)).toEqual(["POSTHOG_TUNNEL_PORT"]);
    expect(plan.warnings).toEqual([
      'PostHog rejects SSH tunnels on port 443 ("Port 443 is not allowed").',
    ]);
  });

  it("warns about a private tunnel host", () => {
    const settings = postgresSettings({
      ssh: { host: "127.0.0.1", port: 2222, user: "tunnel", auth: "password" },
    });
    const { plan } = planSetup(input({ settings }));

    expect(plan.warnings[0]).toContain("SSH tunnel host not allowed");
  });

  it("blocks ssh-agent auth", () => {
    const settings = postgresSettings({
      ssh: {
        host: "bastion.example.com",
        port: 22,
        user: "tunnel",
        auth: "agent",
      },
    });
    const { plan, blockers } = planSetup(input({ settings }));

    expect(blockers[0]!.code).toBe("POSTHOG_TUNNEL_AGENT_AUTH");
    expect(blockers[0]!.message).toContain("ssh-agent");
    expect(plan.warnings).toContain(blockers[0]!.message);
  });

  it("blocks a missing tunnel key", () => {
    const settings = postgresSettings({
      ssh: {
        host: "bastion.example.com",
        port: 22,
        user: "tunnel",
        auth: "private-key",
      },
    });
    const { blockers } = planSetup(
      input({ settings, secrets: { password: "x" } }),
    );

    expect(blockers.map((b) => b.code)).toEqual([
      "POSTHOG_TUNNEL_SECRET_MISSING",
    ]);
  });

  it("suggests a trailing underscore", () => {
    const { plan, blockers } = planSetup(input({ prefix: "prod" }));

    expect(plan.warnings).toEqual([
      'The prefix "prod" does not end in "_", so tables are named like prodpostgres_public__orders. The prefix "prod_" would give prod_postgres_public__orders.',
    ]);
    expect(blockers).toEqual([]);
  });

  it("blocks an invalid prefix", () => {
    const { blockers } = planSetup(input({ prefix: "9lives_" }));

    expect(blockers[0]!.code).toBe("PREFIX_INVALID");
    expect(blockers[0]!.detail).toBe(
      "Prefix must contain only letters, numbers, and underscores, and start with a letter or underscore",
    );
  });

  it("blocks a taken prefix", () => {
    const existing = [
      {
        id: "s1",
        sourceType: "Postgres",
        prefix: "prod_",
        status: null,
        createdAt: null,
      },
    ];
    const { blockers } = planSetup(input({ existingSources: existing }));

    expect(blockers[0]!.code).toBe("PREFIX_TAKEN");
  });

  it("blocks choices PostHog rejects", () => {
    const keyless = discoveredTable("public.log", {
      columns: ["msg", "updated_at"],
      primaryKey: null,
    });
    const { blockers } = planSetup(
      input({
        discovered: [keyless],
        choices: [incrementalChoice("public.log")],
      }),
    );

    expect(blockers.map((b) => b.detail)).toEqual([
      "Table 'public.log' has no primary key to sync incrementally on. Choose a primary key for it, or switch it to full table replication.",
    ]);
  });
});

describe("planSetup with CDC", () => {
  const cdcChoice = {
    sourceName: "public.Orders",
    syncType: "cdc" as const,
    incrementalField: null,
    incrementalFieldType: null,
    primaryKey: ["Id"],
  };

  it("sends the chosen mode, slot and publication", () => {
    const prepared = planSetup(
      input({
        choices: [cdcChoice],
        cdcEnabled: true,
        cdc: {
          mode: "self_managed",
          slotName: "orders_slot",
          publicationName: "app_pub",
        },
      }),
    );
    const payload = buildCreateBody(prepared, "cred-1").payload;

    expect(payload.cdc_enabled).toBe(true);
    expect(payload.cdc_management_mode).toBe("self_managed");
    expect(payload.cdc_slot_name).toBe("orders_slot");
    expect(payload.cdc_publication_name).toBe("app_pub");
  });

  it("leaves blank names to PostHog", () => {
    const prepared = planSetup(
      input({
        choices: [cdcChoice],
        cdcEnabled: true,
        cdc: { mode: "posthog", slotName: " ", publicationName: "" },
      }),
    );
    const payload = buildCreateBody(prepared, "cred-1").payload;

    expect(payload.cdc_management_mode).toBe("posthog");
    expect(payload).not.toHaveProperty("cdc_slot_name");
    expect(payload).not.toHaveProperty("cdc_publication_name");
  });

  it("sends no CDC keys without CDC", () => {
    const payload = buildCreateBody(planSetup(input()), "cred-1").payload;

    expect(payload).not.toHaveProperty("cdc_enabled");
  });
});
