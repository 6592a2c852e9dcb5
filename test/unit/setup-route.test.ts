import { describe, expect, it } from "vitest";
import { checkRoute, isPostHogCloud } from "../../main/setup/route-checks";
import { postgresSettings, SECRETS } from "../fakes/posthog/fixtures";

describe("isPostHogCloud", () => {
  it.each(["https://us.posthog.com", "https://eu.posthog.com/"])(
    "knows %s",
    (host) => {
      expect(isPostHogCloud(host)).toBe(true);
    },
  );

  it.each([
    "https://posthog.example.com",
    "http://127.0.0.1:8000",
    "not a url",
  ])("treats %s as self-hosted", (host) => {
    expect(isPostHogCloud(host)).toBe(false);
  });
});

describe("checkRoute for a private host", () => {
  const settings = postgresSettings({
    host: "10.0.0.5",
    ssh: null,
    posthogRoute: { kind: "direct" },
  });

  it("warns that PostHog cloud rejects it", () => {
    expect(checkRoute(settings, SECRETS, true).warnings.join(" ")).toContain(
      "PostHog cloud rejects",
    );
  });

  it("asks a self-hosted PostHog to reach it", () => {
    const warnings = checkRoute(settings, SECRETS, false).warnings.join(" ");

    expect(warnings).toContain(
      "self-hosted PostHog must itself reach the database at 10.0.0.5",
    );
    expect(warnings).not.toContain("PostHog cloud");
  });
});
