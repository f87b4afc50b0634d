// The `node` arguments of the server, for the launchers that start scripts/server.mjs (npm start, the scale bench).
//
// Heap cap: without one, V8 sizes the old generation from the machine's memory (4 GiB on 24 GiB) and lets garbage
// pile up to it: after a 10,000-host herd the server sat at 1.6 GiB RSS holding ~0.3 GiB of live objects. Capped, it
// collects sooner and stays near 600 MiB, for a few percent of throughput. FLEETPRINT_HEAP_MB sets it; a
// --max-old-space-size in NODE_OPTIONS wins. The Docker image and the systemd unit set NODE_OPTIONS themselves
// (README, Configuration).
//
// Garbage collection threads: V8 collects with four helper threads beside the JavaScript thread. On the embedded
// database that thread also runs the database and is the one that limits a herd, so moving collection off it pays.
// With PostgreSQL the app shares the cores with the database (and, scaled out, with other instances): the helpers then
// cost CPU that the others need. Two instances and PostgreSQL on 2 cores, 10,000-host herd: 181 hosts/s and 6.2 ms of
// app CPU per host with them (the helpers 14 of the 44 s of app CPU of the unchanged-report phase, per-thread counts),
// 226 hosts/s and 5.1 ms with --single-threaded-gc; one instance: the same throughput either way. So with DATABASE_URL
// the server collects on its own thread. FLEETPRINT_GC=parallel|single chooses; NODE_OPTIONS cannot carry the flag.
export const DEFAULT_HEAP_MB = 768;

/** `node` arguments that cap the heap, or none when NODE_OPTIONS already does. */
export function heapArgs(env = process.env) {
  if (/--max-old-space-size/.test(env.NODE_OPTIONS ?? "")) return [];
  const raw = env.FLEETPRINT_HEAP_MB?.trim();
  const mb = raw ? Number(raw) : DEFAULT_HEAP_MB;
  if (!Number.isInteger(mb) || mb < 256) throw new Error(`FLEETPRINT_HEAP_MB must be a whole number of MiB, 256 or more (got "${raw}").`);
  return [`--max-old-space-size=${mb}`];
}

/** `node` arguments for how the heap is collected: FLEETPRINT_GC, else single-threaded on PostgreSQL. */
export function gcArgs(env = process.env) {
  const raw = env.FLEETPRINT_GC?.trim() ?? "";
  if (raw && raw !== "single" && raw !== "parallel") throw new Error(`FLEETPRINT_GC must be "single" or "parallel" (got "${raw}").`);
  const mode = raw || (env.DATABASE_URL?.trim() ? "single" : "parallel");
  return mode === "single" ? ["--single-threaded-gc"] : [];
}

/** Both: what a launcher puts before scripts/server.mjs. */
export function serverNodeArgs(env = process.env) {
  return [...heapArgs(env), ...gcArgs(env)];
}
