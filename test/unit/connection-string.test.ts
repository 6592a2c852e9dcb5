import { describe, expect, it } from "vitest";
import { parseConnectionString } from "../../shared/postgres/connection-string";
import { AppError } from "../../shared/domain/errors";

function parseError(text: string): AppError {
  try {
    parseConnectionString(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe("parseConnectionString", () => {
  it("reads every part of a full URL", () => {
    const parsed = parseConnectionString(
      "postgresql://app_user:s3cret@db.example.com:6543/analytics?sslmode=verify-full",
    );

    expect(parsed.user).toBe("app_user");
    expect(parsed.password).toBe("s3cret");
    expect(parsed.host).toBe("db.example.com");
    expect(parsed.port).toBe(6543);
    expect(parsed.database).toBe("analytics");
    expect(parsed.tlsMode).toBe("verify-full");
    expect(parsed.notes).toEqual([]);
  });

  it("accepts the postgres scheme", () => {
    expect(parseConnectionString("postgres://u@h/d").host).toBe("h");
  });

  it("accepts an upper-case scheme", () => {
    expect(parseConnectionString("PostgreSQL://u@h/d").database).toBe("d");
  });

  it("ignores surrounding whitespace", () => {
    expect(parseConnectionString("  postgres://u@h/d \n").database).toBe("d");
  });

  it("decodes an encoded password with @ and :", () => {
    const parsed = parseConnectionString(
      "postgresql://admin:p%40ss%3Aw%2Frd%25@db:5432/app",
    );

    expect(parsed.password).toBe("p@ss:w/rd%");
    expect(parsed.user).toBe("admin");
    expect(parsed.host).toBe("db");
  });

  it("splits user info at the last @", () => {
    const parsed = parseConnectionString("postgresql://admin:p@ss@db/app");

    expect(parsed.password).toBe("p@ss");
    expect(parsed.host).toBe("db");
  });

  it("keeps a colon inside the password", () => {
    expect(parseConnectionString("postgres://u:a:b@h/d").password).toBe("a:b");
  });

  it("decodes the user name and database", () => {
    const parsed = parseConnectionString(
      "postgresql://data%20team@db/sales%2Deu%C3%BC",
    );

    expect(parsed.user).toBe("data team");
    expect(parsed.database).toBe("sales-euü");
  });

  it("reads an IPv6 host with a port", () => {
    const parsed = parseConnectionString("postgresql://u@[::1]:5433/d");

    expect(parsed.host).toBe("::1");
    expect(parsed.port).toBe(5433);
  });

  it("reads an IPv6 host without a port", () => {
    const parsed = parseConnectionString("postgresql://u@[fe80::1%25eth0]/d");

    expect(parsed.host).toBe("fe80::1%eth0");
    expect(parsed.port).toBeNull();
  });

  it("leaves a missing port null", () => {
    expect(parseConnectionString("postgresql://u@db/app").port).toBeNull();
  });

  it("leaves an empty port null", () => {
    expect(parseConnectionString("postgresql://u@db:/app").port).toBeNull();
  });

  it("leaves missing parts null", () => {
    const parsed = parseConnectionString("postgresql://db.internal");

    expect(parsed.host).toBe("db.internal");
    expect(parsed.user).toBeNull();
    expect(parsed.password).toBeNull();
    expect(parsed.database).toBeNull();
    expect(parsed.tlsMode).toBeNull();
  });

  it("treats an empty password as absent", () => {
    expect(parseConnectionString("postgresql://u:@h/d").password).toBeNull();
  });

  it.each([
    ["disable", "disable"],
    ["require", "require"],
    ["verify-ca", "verify-ca"],
    ["verify-full", "verify-full"],
  ] as const)("maps sslmode=%s", (sslmode, expected) => {
    const parsed = parseConnectionString(`postgresql://h/d?sslmode=${sslmode}`);

    expect(parsed.tlsMode).toBe(expected);
  });

  it.each(["allow", "prefer"])("maps sslmode=%s to require", (sslmode) => {
    const parsed = parseConnectionString(`postgresql://h/d?sslmode=${sslmode}`);

    expect(parsed.tlsMode).toBe("require");
    expect(parsed.notes).toHaveLength(1);
    expect(parsed.notes[0]).toContain(`sslmode=${sslmode}`);
  });

  it("rejects an unknown sslmode", () => {
    const error = parseError("postgresql://h/d?sslmode=strict");

    expect(error.kind).toBe("invalid-input");
    expect(error.code).toBe("CONNECTION_STRING_SSLMODE");
    expect(error.message).toContain('"strict"');
  });

  it("ignores options and search_path", () => {
    const parsed = parseConnectionString(
      "postgresql://h/d?options=-c%20search_path%3Dsales&search_path=sales",
    );

    expect(parsed.notes).toHaveLength(2);
    expect(parsed.notes[0]).toContain("options");
    expect(parsed.notes[1]).toContain("search_path");
  });

  it("lists unknown parameters once", () => {
    const parsed = parseConnectionString(
      "postgresql://h/d?application_name=x&connect_timeout=5",
    );

    expect(parsed.notes).toEqual([
      "These parameters were ignored: application_name, connect_timeout.",
    ]);
  });

  it("reads connection parameters from the query", () => {
    const parsed = parseConnectionString(
      "postgresql:///?host=db.internal&port=6000&user=u&password=p%26w&dbname=app",
    );

    expect(parsed.host).toBe("db.internal");
    expect(parsed.port).toBe(6000);
    expect(parsed.user).toBe("u");
    expect(parsed.password).toBe("p&w");
    expect(parsed.database).toBe("app");
  });

  it("ignores a fragment", () => {
    expect(parseConnectionString("postgresql://h/d#x").database).toBe("d");
  });

  it("rejects another scheme by name", () => {
    const error = parseError("mysql://u:p@h/d");

    expect(error.code).toBe("CONNECTION_STRING_SCHEME");
    expect(error.message).toContain('"mysql://"');
    expect(error.shape.fix).toContain("postgresql://");
  });

  it("rejects text without a scheme", () => {
    const error = parseError("host=db user=app");

    expect(error.code).toBe("CONNECTION_STRING_SCHEME");
    expect(error.message).not.toContain("host=db");
  });

  it("rejects an empty string", () => {
    expect(parseError("").code).toBe("CONNECTION_STRING_SCHEME");
  });

  it("rejects a missing host", () => {
    expect(parseError("postgresql:///app").code).toBe(
      "CONNECTION_STRING_NO_HOST",
    );
  });

  it("rejects a Unix-domain socket", () => {
    expect(parseError("postgresql://%2Fvar%2Frun%2Fpostgresql/app").code).toBe(
      "CONNECTION_STRING_UNIX_SOCKET",
    );
  });

  it("rejects several hosts", () => {
    expect(parseError("postgresql://a:5432,b:5432/app").code).toBe(
      "CONNECTION_STRING_MULTIPLE_HOSTS",
    );
  });

  it("rejects an unbracketed IPv6 host", () => {
    expect(parseError("postgresql://u@::1/app").code).toBe(
      "CONNECTION_STRING_IPV6_BRACKETS",
    );
  });

  it("rejects an unclosed IPv6 bracket", () => {
    expect(parseError("postgresql://u@[::1/app").code).toBe(
      "CONNECTION_STRING_IPV6_BRACKETS",
    );
  });

  it("rejects text after the IPv6 bracket", () => {
    expect(parseError("postgresql://u@[::1]x/app").code).toBe(
      "CONNECTION_STRING_HOST",
    );
  });

  it.each(["abc", "0", "65536", "54 32"])("rejects port %s", (port) => {
    expect(parseError(`postgresql://h:${port}/d`).code).toBe(
      "CONNECTION_STRING_PORT",
    );
  });

  it("rejects a bad percent-encoding", () => {
    const error = parseError("postgresql://u:100%@h/d");

    expect(error.code).toBe("CONNECTION_STRING_ENCODING");
    expect(error.message).toContain("password");
    expect(error.message).not.toContain("100%");
  });

  it("names the field in errors", () => {
    expect(parseError("nope").shape.field).toBe("connectionString");
  });
});
