import { z } from "zod";

export const TLS_MODES = [
  "disable",
  "require",
  "verify-ca",
  "verify-full",
] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export const SSH_AUTH_METHODS = ["password", "private-key", "agent"] as const;
export type SshAuthMethod = (typeof SSH_AUTH_METHODS)[number];

const port = z.number().int().min(1).max(65535);

export const sshTunnelSettingsSchema = z.object({
  /** Bastion host name or address, resolved on this machine. */
  host: z.string().min(1),
  port,
  user: z.string().min(1),
  auth: z.enum(SSH_AUTH_METHODS),
});

export type SshTunnelSettings = z.infer<typeof sshTunnelSettingsSchema>;

export const tlsSettingsSchema = z.object({
  mode: z.enum(TLS_MODES),
  /** PEM text of the CA certificate (public, so kept in settings), for verify-ca and verify-full. */
  caCertificate: z.string().optional(),
  /** File name the CA certificate was loaded from, for display. */
  caFileName: z.string().optional(),
});

export type TlsSettings = z.infer<typeof tlsSettingsSchema>;

/**
 * How PostHog's cloud workers reach the database after creation. `same-tunnel` sends the local
 * route's bastion in the stored credential's `ssh_tunnel`; `direct` sends no tunnel; `tunnel`
 * names a bastion address that PostHog can reach when it differs from the local one.
 */
export const posthogRouteSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("same-tunnel") }),
  z.object({ kind: z.literal("direct") }),
  z.object({ kind: z.literal("tunnel"), host: z.string().min(1), port }),
]);

export type PostHogRoute = z.infer<typeof posthogRouteSchema>;

/** Non-secret settings of a Postgres connection, as saved and as shown in the renderer. */
export const postgresConnectionSettingsSchema = z.object({
  name: z.string(),
  host: z.string().min(1),
  port,
  database: z.string().min(1),
  user: z.string().min(1),
  /** Blank means every non-system schema; tables are then named `schema.table`. */
  schema: z.string(),
  tls: tlsSettingsSchema,
  ssh: sshTunnelSettingsSchema.nullable(),
  posthogRoute: posthogRouteSchema,
});

export type PostgresConnectionSettings = z.infer<
  typeof postgresConnectionSettingsSchema
>;

/** Secrets of a connection. The renderer sends these once, on save; main keeps them in the vault. */
export const connectionSecretsSchema = z.object({
  password: z.string().optional(),
  sshPassword: z.string().optional(),
  sshPrivateKey: z.string().optional(),
  sshPassphrase: z.string().optional(),
});

export type ConnectionSecrets = z.infer<typeof connectionSecretsSchema>;
export type SecretName = keyof ConnectionSecrets;

/** Flags for the stored secrets, without their values. The renderer receives only these. */
export const secretPresenceSchema = z.object({
  password: z.boolean(),
  sshPassword: z.boolean(),
  sshPrivateKey: z.boolean(),
  sshPassphrase: z.boolean(),
});

export type SecretPresence = z.infer<typeof secretPresenceSchema>;

export const savedConnectionSchema = z.object({
  id: z.string(),
  sourceType: z.literal("Postgres"),
  settings: postgresConnectionSettingsSchema,
  secrets: secretPresenceSchema,
  updatedAt: z.string(),
});

export type SavedConnection = z.infer<typeof savedConnectionSchema>;
