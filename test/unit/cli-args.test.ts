import { describe, expect, it } from "vitest";
import { OPTION_SPEC, parseCliArgs, UsageError } from "../../main/cli/args";
import { HELP_TEXT } from "../../main/cli/help";

describe("parseCliArgs", () => {
  it("reads the command and the connection string", () => {
    const options = parseCliArgs(["doctor", "postgresql://app@db:5432/shop"]);

    expect(options.command).toBe("doctor");
    expect(options.connectionString).toBe("postgresql://app@db:5432/shop");
  });

  it("splits the table list", () => {
    expect(
      parseCliArgs(["doctor", "--tables", "public.a, public.b,"]).tables,
    ).toEqual(["public.a", "public.b"]);
  });

  it("accepts self-managed with a hyphen", () => {
    expect(parseCliArgs(["doctor", "--mode", "self-managed"]).mode).toBe(
      "self_managed",
    );
  });

  it("defaults to PostHog-managed mode", () => {
    expect(parseCliArgs(["doctor"]).mode).toBe("posthog");
  });

  it("shows help for --help", () => {
    expect(parseCliArgs(["--help"]).command).toBe("help");
  });

  it("rejects a missing command", () => {
    expect(() => parseCliArgs([])).toThrow(/No command given/);
  });

  it("rejects an SSH password flag", () => {
    expect(() => parseCliArgs(["doctor", "--ssh-password", "x"])).toThrow(
      /DW_CONNECT_SSH_PASSWORD/,
    );
  });

  it("names an unknown option plainly", () => {
    expect(() => parseCliArgs(["doctor", "--version"])).toThrow(
      "Unknown option --version.",
    );
  });

  it("rejects a malformed fingerprint", () => {
    expect(() => parseCliArgs(["doctor", "--trust-host-key", "bogus"])).toThrow(
      /--trust-host-key must be a fingerprint/,
    );
  });

  it("names both mode spellings", () => {
    expect(() => parseCliArgs(["doctor", "--mode", "bogus"])).toThrow(
      '--mode must be posthog or self-managed, not "bogus".',
    );
  });

  it("rejects a password flag", () => {
    expect(() => parseCliArgs(["doctor", "--password", "x"])).toThrow(
      /PGPASSWORD/,
    );
  });

  it("rejects an unknown command", () => {
    expect(() => parseCliArgs(["sync"])).toThrow(UsageError);
  });

  it("rejects an unknown option", () => {
    expect(() => parseCliArgs(["doctor", "--hots", "db"])).toThrow(UsageError);
  });

  it("rejects a port out of range", () => {
    expect(() => parseCliArgs(["doctor", "--port", "70000"])).toThrow(
      /between 1 and 65535/,
    );
  });

  it("rejects an unknown TLS mode", () => {
    expect(() => parseCliArgs(["doctor", "--tls-mode", "prefer"])).toThrow(
      /--tls-mode/,
    );
  });

  it("rejects a second positional argument", () => {
    expect(() =>
      parseCliArgs(["doctor", "postgresql://a@b/c", "extra"]),
    ).toThrow(/extra/);
  });
});

describe("help text", () => {
  const documented = Object.keys(OPTION_SPEC).filter(
    (name) => name !== "password",
  );

  it.each(documented)("documents --%s", (name) => {
    expect(HELP_TEXT).toContain(`--${name}`);
  });

  it("states the exit codes", () => {
    expect(HELP_TEXT).toMatch(/0 +ready/);
  });

  it("gives the timeout unit", () => {
    expect(HELP_TEXT).toContain("--connect-timeout SECONDS");
  });
});
