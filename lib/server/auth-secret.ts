import "server-only";
// The key better-auth signs session cookies with. BETTER_AUTH_SECRET wins; otherwise one is generated at first
// start and kept in the data folder (mode 0600), like the bootstrap admin token. Several app instances behind one
// Postgres must share it: set BETTER_AUTH_SECRET on all of them.
import { randomBytes } from "node:crypto";
import { envOrDataSecret } from "./data-secret";

const g = globalThis as unknown as { __fleetprintAuthSecret?: string };

export function getAuthSecret(): string {
  g.__fleetprintAuthSecret ??= envOrDataSecret("BETTER_AUTH_SECRET", "auth-secret", () => randomBytes(32).toString("base64url")).value;
  return g.__fleetprintAuthSecret;
}
