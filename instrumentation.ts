// Runs once when the server starts (not during `next build`): migrate, make sure an admin token exists,
// seed the demo on an empty database, then start this instance's rebuild worker.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrap } = await import("./lib/server/bootstrap");
  const { DATA_DIR_LOCKED } = await import("./db/lock");
  try {
    await bootstrap();
  } catch (e) {
    // Next would keep listening and answer 500 to everything; a supervisor must see this process fail instead.
    if ((e as { code?: unknown }).code === DATA_DIR_LOCKED) {
      const { log } = await import("./lib/server/log");
      log.fatal((e as Error).message);
      process.exit(1);
    }
    throw e;
  }
  // The machine routes' handlers, for scripts/server.mjs to call before Next's router (same code as the routes).
  (globalThis as { __fleetprintMachineApi?: unknown }).__fleetprintMachineApi = await import("./lib/server/machine-api");
  if (process.env.FLEETPRINT_WORKER === "0") return;
  const { startAppWorker } = await import("./lib/jobs/app-worker");
  await startAppWorker();
}
