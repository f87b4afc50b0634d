import "server-only";
// The demo accounts' password. A fixed one would be published with the code, and a demo started on a reachable
// machine would hand out an admin login: so it is FLEETPRINT_DEMO_PASSWORD when set (tests and benches need a
// known one), else generated at first start, kept in the data folder (mode 0600) and printed once.
import { randomBytes } from "node:crypto";
import { MIN_PASSWORD } from "@/lib/server/better-auth";
import { envOrDataSecret, type DataSecret } from "@/lib/server/data-secret";

export const DEMO_PASSWORD_FILE = "demo-password";

export function getDemoPassword(): DataSecret {
  const s = envOrDataSecret("FLEETPRINT_DEMO_PASSWORD", DEMO_PASSWORD_FILE, () => `demo-${randomBytes(9).toString("base64url")}`);
  if (s.value.length < MIN_PASSWORD) throw new Error(`FLEETPRINT_DEMO_PASSWORD must have at least ${MIN_PASSWORD} characters.`);
  return s;
}
