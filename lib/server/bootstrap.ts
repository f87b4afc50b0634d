import { count } from "drizzle-orm";
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
  const summary = await seedDemo(db, { now: new Date() });
  const { seedDemoUsers } = await import("@/lib/demo/seed-users");
  const accounts = await seedDemoUsers(db);
  console.log(`[fleetprint] Demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}; ${accounts}`);
}
