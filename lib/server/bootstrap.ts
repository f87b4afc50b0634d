import path from "node:path";
import { count } from "drizzle-orm";
import { dataDir } from "@/db/driver";
import { getDb } from "@/db/client";
import { fleets } from "@/db/schema";
import { getAdminToken } from "./admin-token";
import { getAuthSecret } from "./auth-secret";
import { trustedProxies } from "./client-ip";
import { signInLimits } from "./sign-in-guard";

export async function bootstrap() {
  // Settings that would otherwise fail on the first request (or, worse, fail open) stop the start instead.
  trustedProxies();
  signInLimits();
  const db = await getDb(); // migrates
  getAdminToken(); // generates and prints one on first start
  getAuthSecret(); // generated into the data folder unless BETTER_AUTH_SECRET is set
  if (process.env.FLEETPRINT_DEMO === "0") return;
  const [{ n }] = await db.select({ n: count() }).from(fleets);
  if (Number(n) > 0) return;
  const started = Date.now();
  console.log("[fleetprint] Empty database: seeding the demo fleet (FLEETPRINT_DEMO=0 to skip)…");
  const { seedDemo } = await import("@/lib/demo/seed-demo");
  // The demo rebuild provider enrols "fresh machines" with these secrets (kept 0600 in the data folder).
  const secretsFile = path.join(dataDir(process.env, process.cwd()), "demo-enroll-secrets.json");
  const summary = await seedDemo(db, { now: new Date(), secretsFile });
  const { seedDemoUsers } = await import("@/lib/demo/seed-users");
  const { getDemoPassword, DEMO_PASSWORD_FILE } = await import("@/lib/demo/demo-password");
  const password = getDemoPassword();
  const accounts = await seedDemoUsers(db, password.value);
  console.log(`[fleetprint] Demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}; ${accounts}`);
  if (password.createdFile) {
    console.log(
      `\n[fleetprint] Generated the demo accounts' password (shown once; stored in ${password.createdFile}, mode 0600):\n\n    ${password.value}\n\n` +
        `Sign in as admin@demo.fleetprint (or olivia@, alice@, bob@, victor@demo.fleetprint) with it. The demo accounts are for\n` +
        `trying Fleetprint: disable them on the People page (/admin/users) before real use.\n`,
    );
  } else {
    const where = process.env.FLEETPRINT_DEMO_PASSWORD?.trim() ? "FLEETPRINT_DEMO_PASSWORD" : path.join(dataDir(process.env, process.cwd()), DEMO_PASSWORD_FILE);
    console.log(`[fleetprint] The demo accounts' password is the one in ${where}.`);
  }
}
