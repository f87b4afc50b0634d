// `npm run db:migrate`: applies the committed migrations to the configured database and exits.
import { closeDb, getDb } from "@/db/client";

async function main() {

  await getDb();
  await closeDb();
  console.log("[fleetprint] migrations applied");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
