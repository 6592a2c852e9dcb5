import pg from "pg";
import { describe, expect, it } from "vitest";
import { AppError } from "../../shared/domain/errors";
import {
  classifyPostgresError,
  type PostgresErrorContext,
} from "../../main/connectors/postgres/errors/classify";

const PASSWORD = "s3cret-pass";

const context: PostgresErrorContext = {
  host: "db.internal",
  port: 5432,
  database: "app",
  user: "analyst",
  tlsMode: "verify-full",
  caProvided: false,
  layer: "login",
  secrets: [PASSWORD],
};

/** Builds a server error as pg raises it, with SQLSTATE and severity. */
function serverError(
  code: string,
  message: string,
  extra: { detail?: string; hint?: string } = {},
): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, "error");
  return Object.assign(error, { code, severity: "FATAL", ...extra });
}

/** Builds a Node error with an error code, as `net`, `dns` and `tls` raise them. */
function nodeError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe("classifyPostgresError SQLSTATEs", () => {
  it("names the user on 28P01", () => {
    const error = classifyPostgresError(
      serverError("28P01", 'password authentication failed for user "analyst"'),
      context,
    );

    expect(error.kind).toBe("auth-rejected");
    expect(error.code).toBe("PG_28P01");
    expect(error.message).toBe(
      'Password authentication failed for user "analyst" on db.internal:5432.',
    );
    expect(error.shape.detail).toBe(
      '28P01: password authentication failed for user "analyst"',
    );
  });

  it("asks for TLS on a plain 28000", () => {
    const error = classifyPostgresError(
      serverError(
        "28000",
        'no pg_hba.conf entry for host "10.1.2.3", user "analyst", database "app", no encryption',
      ),
      { ...context, tlsMode: "disable" },
    );

    expect(error.code).toBe("PG_28000");
    expect(error.message).toMatch(/without TLS\.$/);
    expect(error.shape.fix).toMatch(/^Set the TLS mode to require/);
  });

  it("names a missing role on 28000", () => {
    const error = classifyPostgresError(
      serverError("28000", 'role "analyst" does not exist'),
      context,
    );

    expect(error.message).toBe(
      'User "analyst" does not exist on db.internal:5432.',
    );
    expect(error.shape.field).toBe("user");
  });

  it("names the database on 3D000", () => {
    const error = classifyPostgresError(
      serverError("3D000", 'database "app" does not exist'),
      context,
    );

    expect(error.kind).toBe("not-found");
    expect(error.message).toBe(
      'Database "app" does not exist on db.internal:5432.',
    );
  });

  it("gives the GRANT for CONNECT", () => {
    const error = classifyPostgresError(
      serverError("42501", 'permission denied for database "app"'),
      context,
    );

    expect(error.kind).toBe("permission");
    expect(error.shape.fix).toBe(
      'Ask the database owner to run GRANT CONNECT ON DATABASE "app" TO "analyst".',
    );
  });

  it("reports full slots on 53300", () => {
    const error = classifyPostgresError(
      serverError("53300", "sorry, too many clients already"),
      context,
    );

    expect(error.message).toBe(
      'db.internal:5432 has no free connection slot for user "analyst".',
    );
  });

  it("asks to wait on 57P03", () => {
    const error = classifyPostgresError(
      serverError("57P03", "the database system is starting up"),
      context,
    );

    expect(error.kind).toBe("unreachable");
    expect(error.shape.fix).toBe("Wait a minute and try again.");
  });

  it("keeps the server's DETAIL and HINT", () => {
    const error = classifyPostgresError(
      serverError("42P01", 'relation "x" does not exist', {
        detail: "d-text",
        hint: "h-text",
      }),
      context,
    );

    expect(error.code).toBe("PG_42P01");
    expect(error.kind).toBe("internal");
    expect(error.shape.detail).toBe(
      '42P01: relation "x" does not exist\nDETAIL: d-text\nHINT: h-text',
    );
  });
});

describe("classifyPostgresError network errors", () => {
  it("reports a refused connection", () => {
    const error = classifyPostgresError(
      nodeError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"),
      { ...context, layer: "tcp" },
    );

    expect(error.kind).toBe("unreachable");
    expect(error.shape.layer).toBe("tcp");
    expect(error.message).toMatch(/^The connection to db\.internal:5432/);
  });

  it("reports an unknown host", () => {
    const error = classifyPostgresError(
      nodeError("ENOTFOUND", "getaddrinfo ENOTFOUND db.internal"),
      context,
    );

    expect(error.kind).toBe("dns");
    expect(error.shape.layer).toBe("dns");
  });

  it.each(["ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET"])(
    "classifies %s",
    (code) => {
      const error = classifyPostgresError(nodeError(code, code), context);

      expect(error.code).toBe(code);
      expect(error.kind).not.toBe("internal");
    },
  );

  it("reads pg's connection timeout", () => {
    const error = classifyPostgresError(
      new Error("Connection terminated due to connection timeout"),
      context,
    );

    expect(error.kind).toBe("timed-out");
    expect(error.code).toBe("CONNECT_TIMEOUT");
  });
});

describe("classifyPostgresError TLS errors", () => {
  it.each([
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  ])("reports %s as untrusted", (code) => {
    const error = classifyPostgresError(nodeError(code, code), context);

    expect(error.code).toBe("TLS_CERT_UNTRUSTED");
    expect(error.shape.fix).toMatch(/^Provide the CA certificate/);
  });

  it("names the wrong CA", () => {
    const error = classifyPostgresError(
      nodeError("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify"),
      { ...context, caProvided: true },
    );

    expect(error.shape.fix).toMatch(/^The CA certificate given did not sign/);
  });

  it("names the host on a mismatch", () => {
    const mismatch = Object.assign(
      nodeError("ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match"),
      { cert: { subjectaltname: "DNS:other.internal" } },
    );

    const error = classifyPostgresError(mismatch, context);

    expect(error.message).toBe(
      "The server certificate does not match the host name db.internal.",
    );
    expect(error.shape.fix).toMatch(/\(DNS:other\.internal\)/);
  });

  it("reports a server without SSL", () => {
    const error = classifyPostgresError(
      new Error("The server does not support SSL connections"),
      context,
    );

    expect(error.code).toBe("TLS_NOT_SUPPORTED");
    expect(error.shape.layer).toBe("tls");
  });
});

describe("classifyPostgresError details", () => {
  it("removes the password", () => {
    const error = classifyPostgresError(
      new Error(`unexpected text with ${PASSWORD} inside`),
      context,
    );

    expect(JSON.stringify(error.shape)).not.toContain(PASSWORD);
  });

  it("adds a Supavisor hint", () => {
    const error = classifyPostgresError(
      serverError("XX000", "Tenant or user not found"),
      context,
    );

    expect(error.shape.fix).toMatch(/user\.project-ref/);
  });

  it("adds a PgBouncer hint", () => {
    const error = classifyPostgresError(
      serverError("08P01", "unsupported startup parameter: search_path"),
      context,
    );

    expect(error.shape.fix).toMatch(/ignore_startup_parameters/);
  });

  it("passes an AppError through", () => {
    const original = new AppError({
      kind: "ssh-forward",
      code: "SSH_FORWARD_REFUSED",
      message: "The bastion refused the forward.",
    });

    expect(classifyPostgresError(original, context)).toBe(original);
  });
});
