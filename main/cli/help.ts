export const HELP_TEXT = `dw-connect: check a Postgres database before connecting it to PostHog's data warehouse

Usage:
  dw-connect doctor   [postgresql://user@host:port/database] [options]
  dw-connect discover [postgresql://user@host:port/database] [options]

Commands:
  doctor     Check every change data capture (CDC) prerequisite at once and print the fixes.
  discover   List tables, views, materialized views and partitioned tables with estimated
             row counts, primary keys and the recommended sync type with its reason
             (--json adds the columns and incremental-field candidates).

Connection (a connection string, the flags below, or a saved connection):
  --host NAME               Database host, as this machine (or the bastion) resolves it.
  --port NUMBER             Database port (default 5432).
  --database NAME           Database name.
  --user NAME               Login role.
                            The password comes from PGPASSWORD or an interactive prompt,
                            never from a flag or the connection string, because command
                            lines are visible to other users of the machine.
  --schema NAME             Only this schema (default: every non-system schema).
  --tls-mode MODE           disable, require, verify-ca or verify-full (default require).
  --ca-file PATH            CA certificate (PEM) for verify-ca and verify-full. Without
                            it the system's trusted certificate authorities are used.
  --connection NAME         Use the settings of a connection saved in the app (name or id).
  --connect-timeout SECONDS Give up connecting after this many seconds (default 15).

SSH bastion (the database is reached through it; its name is resolved by the bastion):
  --ssh-host NAME           Bastion host.
  --ssh-port NUMBER         Bastion port (default 22).
  --ssh-user NAME           Bastion login.
  --ssh-key PATH            Private key file (OpenSSH, PEM, or PuTTY v2 for RSA and DSA
                            keys). Its passphrase
                            comes from DW_CONNECT_SSH_PASSPHRASE or a prompt.
  --ssh-agent               Authenticate with the running ssh-agent (SSH_AUTH_SOCK).
                            Without --ssh-key or --ssh-agent the SSH password comes from
                            DW_CONNECT_SSH_PASSWORD or a prompt.
  --trust-host-key SHA256:… Trust the bastion host key with this fingerprint, on first
                            contact or after the bastion's key changed. Without it an
                            unknown or changed key stops the command before any
                            credential is sent, and the error shows the fingerprint.

Doctor:
  --tables A,B              Check only these tables (schema.table when no --schema).
  --mode MODE               posthog (PostHog creates the publication; default) or
                            self-managed (you create it).
  --slot NAME               Replication slot PostHog will use (default: PostHog names it
                            posthog_<source id> when it creates the source).
  --publication NAME        Publication to check (default posthog_pub in self-managed
                            mode; in PostHog-managed mode PostHog names it).
  --compare-posthog         Also run PostHog's own check_cdc_prerequisites and show where it
                            disagrees. This sends the connection details, password included,
                            to PostHog. Needs POSTHOG_API_KEY, --posthog-host and
                            --project-id.
  --posthog-host URL        PostHog host, e.g. https://us.posthog.com.
  --project-id NUMBER       PostHog project id.

Output:
  --json                    One JSON object on standard output, for scripts. Errors are
                            printed as {"error": {...}} on standard output too.
  -h, --help                Show this help.

Environment:
  PGPASSWORD                Database password.
  DW_CONNECT_SSH_PASSWORD   SSH password, when neither --ssh-key nor --ssh-agent is given.
  DW_CONNECT_SSH_PASSPHRASE Passphrase of an encrypted --ssh-key.
  POSTHOG_API_KEY           Personal API key, for --compare-posthog.
  DW_CONNECT_DATA_DIR       Settings folder shared with the app (saved connections, trusted
                            host keys); default ~/.config/dw-connect on Linux.
  DW_CONNECT_LOG            Log file; secrets are masked. Default: no log.

Exit codes:
  0  ready (doctor) or discovery finished
  1  not ready: at least one CDC check failed
  2  usage error, or the connection failed
`;
