import "server-only";
import path from "node:path";
import { count } from "drizzle-orm";
import { dataDir } from "@/db/driver";
import { getDb } from "@/db/client";
import { fleets } from "@/db/schema";
import { getAdminToken } from "./admin-token";
import { getAuthSecret } from "./auth-secret";
import { trustedProxies } from "./client-ip";
import { signInLimits } from "./sign-in-guard";
import { log, showOnce } from "./log";

export async function bootstrap() {
  // Settings that would otherwise fail on the first request (or, worse, fail open) stop the start instead.
  trustedProxies();
  signInLimits();
  const db = await getDb(); // migrates
  getAdminToken(); // generates one on first start, shown once
  getAuthSecret(); // generated into the data folder unless BETTER_AUTH_SECRET is set
  if (process.env.FLEETPRINT_DEMO === "0") return;
  const [{ n }] = await db.select({ n: count() }).from(fleets);
  if (Number(n) > 0) return;
  const started = Date.now();
  log.info("Empty database: seeding the demo fleet (FLEETPRINT_DEMO=0 to skip)…");
  const { seedDemo } = await import("@/lib/demo/seed-demo");
  // The demo rebuild provider enrols "fresh machines" with these secrets (kept 0600 in the data folder).
  const secretsFile = path.join(dataDir(process.env, process.cwd()), "demo-enroll-secrets.json");
  const summary = await seedDemo(db, { now: new Date(), secretsFile });
  const { seedDemoUsers } = await import("@/lib/demo/seed-users");
  const { getDemoPassword, DEMO_PASSWORD_FILE } = await import("@/lib/demo/demo-password");
  const password = getDemoPassword();
  const accounts = await seedDemoUsers(db, password.value);
  log.info(`Demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}; ${accounts}`);
  if (password.createdFile) {
    showOnce(
      "the demo accounts' password",
      password.value,
      password.createdFile,
      `Sign in as admin@demo.fleetprint (or olivia@, alice@, bob@, victor@demo.fleetprint) with it. The demo accounts are for\n` +
        `trying Fleetprint: disable them on the People page (/admin/users) before real use.\n`,
    );
  } else {
    const where = process.env.FLEETPRINT_DEMO_PASSWORD?.trim() ? "FLEETPRINT_DEMO_PASSWORD" : path.join(dataDir(process.env, process.cwd()), DEMO_PASSWORD_FILE);
    log.info(`The demo accounts' password is the one in ${where}.`);
  }
}
