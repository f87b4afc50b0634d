// Runs once when the server starts (not during `next build`): migrate, make sure an admin token exists,
// and seed the demo fleet on an empty database.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrap } = await import("./lib/server/bootstrap");
  await bootstrap();
}
