// Until user accounts exist, admin writes need this bearer token. If FLEETPRINT_ADMIN_TOKEN is unset, one is
// generated at first start, kept in the data folder with mode 0600, and printed once.
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/db/driver";
import { AppError } from "./errors";
import { bearer } from "./http";
import { newSecret, sameSecret } from "./secrets";

const g = globalThis as unknown as { __fleetprintAdminToken?: string };

export function getAdminToken(): string {
  if (g.__fleetprintAdminToken) return g.__fleetprintAdminToken;
  const fromEnv = process.env.FLEETPRINT_ADMIN_TOKEN?.trim();
  if (fromEnv) return (g.__fleetprintAdminToken = fromEnv);
  const dir = dataDir(process.env, process.cwd());
  const file = path.join(dir, "admin-token");
  if (fs.existsSync(file)) return (g.__fleetprintAdminToken = fs.readFileSync(file, "utf8").trim());
  fs.mkdirSync(dir, { recursive: true });
  const token = newSecret("fpa");
  fs.writeFileSync(file, token + "\n", { mode: 0o600, flag: "wx" });
  console.log(
    `\n[fleetprint] Generated an admin token (shown once; stored in ${file}, mode 0600):\n\n    ${token}\n\n` +
      `Use it as "Authorization: Bearer <token>" for admin API calls, or set FLEETPRINT_ADMIN_TOKEN.\n`,
  );
  return (g.__fleetprintAdminToken = token);
}

/** Identity check for admin writes; call first thing in the handler. Returns the actor name for the audit log. */
export function requireAdmin(req: Request): string {
  const token = bearer(req);
  if (!token) throw new AppError("unauthorized", "Admin writes need Authorization: Bearer <FLEETPRINT_ADMIN_TOKEN>.");
  if (!sameSecret(token, getAdminToken())) throw new AppError("unauthorized", "That admin token is not valid; use the FLEETPRINT_ADMIN_TOKEN (or the one in the data folder's admin-token file).");
  return "admin-token";
}
