// Runs once when the server starts (not during `next build`): migrate, make sure an admin token exists,
// seed the demo on an empty database, then start this instance's rebuild worker.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrap } = await import("./lib/server/bootstrap");
  await bootstrap();
  // The machine routes' handlers, for scripts/server.mjs to call before Next's router (same code as the routes).
  (globalThis as { __fleetprintMachineApi?: unknown }).__fleetprintMachineApi = await import("./lib/server/machine-api");
  if (process.env.FLEETPRINT_WORKER === "0") return;
  const { startAppWorker } = await import("./lib/jobs/app-worker");
  await startAppWorker();
}
