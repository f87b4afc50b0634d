// `npm run seed`: seeds the demo fleet into an EMPTY database (refuses otherwise, so real data is never mixed in).
import { count } from "drizzle-orm";
import { closeDb, getDb } from "@/db/client";
import { fleets } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed-demo";

async function main() {

  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(fleets);
  if (Number(n) > 0) {
    console.error("[fleetprint] The database already has fleets; the demo seeds only an empty database.");
    process.exitCode = 1;
  } else {
    const t = Date.now();
    console.log(await seedDemo(db, { now: new Date() }), `(${Date.now() - t} ms)`);
  }
  await closeDb();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
