import {
  appendFileSync,
  chmodSync,
  chownSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./ports";
import {
  execFileAsync,
  spawnManaged,
  waitFor,
  type ManagedProcess,
} from "./processes";
import { makeRunSubdir } from "./run-dir";

const PG_BIN = process.env.DWC_PG_BIN ?? "/usr/lib/postgresql/15/bin";
export const SUPERUSER = "postgres";

export interface PgTlsFiles {
  certFile: string;
  keyFile: string;
}

export interface PgClusterOptions {
  /** Server settings on top of the logical-replication defaults; `ALTER SYSTEM` overrides them. */
  settings?: Record<string, string>;
  /** Network namespace to run in; the server is then reachable only inside it (and by socket). */
  namespace?: string;
  /** Enables TLS with this certificate and key. */
  tls?: PgTlsFiles;
  /** Defaults to 127.0.0.1. */
  listenAddresses?: string;
}

export const LOGICAL_DEFAULTS: Record<string, string> = {
  wal_level: "logical",
  max_replication_slots: "10",
  max_wal_senders: "10",
  fsync: "off",
  full_page_writes: "off",
  synchronous_commit: "off",
};

/** A PostgreSQL cluster started by the tests, owned by the `postgres` system user. */
export class PgCluster {
  readonly host = "127.0.0.1";
  readonly superuserPassword = "postgres-test-superuser";
  private server: ManagedProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private options: PgClusterOptions,
  ) {}

  get dataDir(): string {
    return join(this.dir, "data");
  }

  get socketDir(): string {
    return this.dir;
  }

  static async start(options: PgClusterOptions = {}): Promise<PgCluster> {
    const dir = makeRunSubdir("pg");
    chownToPostgres(dir);
    const cluster = new PgCluster(dir, await freePort(), options);
    await cluster.initdb();
    await cluster.launch();
    return cluster;
  }

  private async initdb(): Promise<void> {
    const pwfile = join(this.dir, "pwfile");
    writeFileSync(pwfile, this.superuserPassword);
    chownToPostgres(pwfile);
    await execFileAsync("setpriv", [
      ...asPostgres(),
      join(PG_BIN, "initdb"),
      ...["-D", this.dataDir, "-U", SUPERUSER, "--pwfile", pwfile],
      ...[
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
      ],
    ]);
  }

  /**
   * Writes the server settings into a file that postgresql.conf includes, so that, as on a
   * real server, `ALTER SYSTEM` (postgresql.auto.conf) overrides them after a restart. Only
   * the address, port and socket folder go on the command line.
   */
  private writeSettingsFile(): void {
    const settings: Record<string, string> = {
      ...LOGICAL_DEFAULTS,
      ...tlsSettings(this.options.tls),
      ...this.options.settings,
    };
    const lines = Object.entries(settings).map(
      ([name, value]) => `${name} = ${quoteLiteral(value)}`,
    );
    const file = join(this.dataDir, "dwc-test.conf");
    writeFileSync(file, lines.join("\n") + "\n");
    chownToPostgres(file);

    const conf = join(this.dataDir, "postgresql.conf");
    const include = "include 'dwc-test.conf'";
    if (!readFileSync(conf, "utf8").includes(include)) {
      appendFileSync(conf, `\n${include}\n`);
    }
  }

  private serverArgs(): string[] {
    const settings: Record<string, string> = {
      listen_addresses: this.options.listenAddresses ?? "127.0.0.1",
      port: String(this.port),
      unix_socket_directories: this.socketDir,
    };
    const flags = Object.entries(settings).flatMap(([name, value]) => [
      "-c",
      `${name}=${value}`,
    ]);
    return [
      ...asPostgres(),
      join(PG_BIN, "postgres"),
      "-D",
      this.dataDir,
      ...flags,
    ];
  }

  private async launch(): Promise<void> {
    this.writeSettingsFile();
    const args = this.serverArgs();
    const namespace = this.options.namespace;
    this.server = namespace
      ? spawnManaged("postgres", "ip", [
          "netns",
          "exec",
          namespace,
          "setpriv",
          ...args,
        ])
      : spawnManaged("postgres", "setpriv", args);
    await waitFor(`PostgreSQL on port ${this.port}`, () => this.isReady());
  }

  private async isReady(): Promise<boolean> {
    if (this.server && this.server.child.exitCode !== null) {
      throw new Error(`PostgreSQL exited; see ${this.server.logFile}`);
    }
    await execFileAsync("pg_isready", [
      "-q",
      "-h",
      this.socketDir,
      "-p",
      String(this.port),
    ]);
    return true;
  }

  /** Stops with a fast shutdown, by the postmaster's PID. */
  async stop(): Promise<void> {
    await this.server?.stop("SIGINT");
    this.server = null;
  }

  /** Restarts the server, optionally with changed settings. */
  async restart(settings?: Record<string, string>): Promise<void> {
    await this.stop();
    if (settings)
      this.options = {
        ...this.options,
        settings: { ...this.options.settings, ...settings },
      };
    await this.launch();
  }

  /** Connects as superuser over the Unix socket, which works from outside a namespace too. */
  async connectAsSuperuser(database = "postgres"): Promise<pg.Client> {
    const client = new pg.Client({
      host: this.socketDir,
      port: this.port,
      user: SUPERUSER,
      database,
    });
    await client.connect();
    return client;
  }

  /** Runs SQL as superuser over the socket and returns the rows of the last statement. */
  async sql<Row extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    database = "postgres",
  ): Promise<Row[]> {
    const client = await this.connectAsSuperuser(database);
    try {
      const result = (await client.query(text)) as unknown as
        pg.QueryResult<Row> | pg.QueryResult<Row>[];
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return last?.rows ?? [];
    } finally {
      await client.end();
    }
  }

  /** Runs a SQL file with psql over the socket, stopping at the first error. */
  async runFile(file: string, database = "postgres"): Promise<void> {
    await execFileAsync(
      "psql",
      [
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        this.socketDir,
        "-p",
        String(this.port),
      ].concat(["-U", SUPERUSER, "-d", database, "-f", file]),
      { maxBuffer: 16 * 1024 * 1024 },
    );
  }

  /** Creates a database and returns its name. */
  async createDatabase(name: string): Promise<string> {
    await this.sql(`CREATE DATABASE ${quoteIdent(name)}`);
    return name;
  }
}

function tlsSettings(tls: PgTlsFiles | undefined): Record<string, string> {
  if (!tls) return {};
  for (const file of [tls.certFile, tls.keyFile]) {
    chownToPostgres(file);
    chmodSync(file, 0o600);
  }
  return { ssl: "on", ssl_cert_file: tls.certFile, ssl_key_file: tls.keyFile };
}

function asPostgres(): string[] {
  return [
    `--reuid=${postgresUser().uid}`,
    `--regid=${postgresUser().gid}`,
    "--init-groups",
    "--reset-env",
  ];
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

let postgresIds: { uid: number; gid: number } | null = null;

/** Numeric ids of the `postgres` system user, which initdb and the server run as. */
function postgresUser(): { uid: number; gid: number } {
  if (postgresIds) return postgresIds;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("postgres:"));
  if (!line)
    throw new Error("No postgres system user; install the postgresql package");
  const fields = line.split(":");
  postgresIds = { uid: Number(fields[2]), gid: Number(fields[3]) };
  return postgresIds;
}

/** Gives a file or folder to the `postgres` system user. */
export function chownToPostgres(path: string): void {
  chownSync(path, postgresUser().uid, postgresUser().gid);
}
