import path from "node:path";
import { count } from "drizzle-orm";
import { dataDir } from "@/db/driver";
import { getDb } from "@/db/client";
import { fleets } from "@/db/schema";
import { getAdminToken } from "./admin-token";
import { getAuthSecret } from "./auth-secret";

export async function bootstrap() {
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
  const accounts = await seedDemoUsers(db);
  console.log(`[fleetprint] Demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}; ${accounts}`);
}
