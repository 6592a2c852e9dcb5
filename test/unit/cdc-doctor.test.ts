import { describe, expect, it } from "vitest";
import type { DoctorRequest } from "../../shared/domain/cdc";
import { AppError } from "../../shared/domain/errors";
import { runCdcDoctor, type QueryClient } from "../../main/cdc";

/*
 * Failure paths a real server cannot be made to produce on demand: a connection that drops
 * mid-run and catalogs the role may not read. The happy paths run against real PostgreSQL in
 * the integration tests.
 */

const REQUEST: DoctorRequest = {
  tables: [],
  mode: "self_managed",
  slotName: "posthog_slot",
  publicationName: "posthog_pub",
  comparePostHog: false,
};

function rejectingClient(error: Error, texts: string[] = []): QueryClient {
  return {
    query: (text) => {
      texts.push(text.trim());
      return Promise.reject(error);
    },
  };
}

const denied = Object.assign(new Error("permission denied"), {
  code: "42501",
});

describe("runCdcDoctor", () => {
  it("raises when the connection drops", async () => {
    const dropped = Object.assign(
      new Error("Connection terminated unexpectedly"),
      {
        code: "ECONNRESET",
      },
    );

    const run = runCdcDoctor(rejectingClient(dropped), REQUEST, {
      schema: "public",
      posthog: null,
    });

    await expect(run).rejects.toBeInstanceOf(AppError);
    await expect(run).rejects.toMatchObject({
      code: "CDC_CONNECTION_LOST",
      shape: { detail: "Connection terminated unexpectedly" },
    });
  });

  it("is not ready when nothing is readable", async () => {
    const report = await runCdcDoctor(rejectingClient(denied), REQUEST, {
      schema: "public",
      posthog: null,
    });

    expect(report.overall).toBe("not-ready");
    expect(report.queryCount).toBe(7);
    expect(
      report.checks.find((check) => check.id === "server-version")?.message,
    ).toContain("permission denied");
  });

  it("sends only single read statements", async () => {
    const texts: string[] = [];

    await runCdcDoctor(rejectingClient(denied, texts), REQUEST, {
      schema: "public",
      posthog: null,
    });

    expect(texts).toHaveLength(7);
    for (const text of texts) {
      expect(text).toMatch(/^(SHOW|SELECT|WITH)\b/);
      expect(text).not.toContain(";");
      expect(text).not.toMatch(/AS \(\s*(INSERT|UPDATE|DELETE)\b/i);
    }
  });

  it("lets PostHog name a blank slot", async () => {
    const report = await runCdcDoctor(
      rejectingClient(denied),
      { ...REQUEST, slotName: "" },
      { schema: "public", posthog: null },
    );
    const check = report.checks.find(
      (candidate) => candidate.id === "slot-name",
    );

    expect(check?.status).toBe("pass");
    expect(check?.current).toBe("chosen by PostHog");
  });

  it("defaults a blank self-managed publication", async () => {
    const report = await runCdcDoctor(
      rejectingClient(denied),
      { ...REQUEST, publicationName: "" },
      { schema: "public", posthog: null },
    );
    const check = report.checks.find(
      (candidate) => candidate.id === "publication",
    );

    expect(check?.message).toContain("publication posthog_pub");
  });
});
