// The server's heap cap, for the launchers that start scripts/server.mjs (npm start, the scale bench). Without one,
// V8 sizes the old generation from the machine's memory (4 GiB on 24 GiB) and lets garbage pile up to it: after a
// 10,000-host herd the server sat at 1.6 GiB RSS holding ~0.3 GiB of live objects. Capped, it collects sooner and
// stays near 600 MiB, for a few percent of throughput. FLEETPRINT_HEAP_MB sets it; a --max-old-space-size in
// NODE_OPTIONS wins. The Docker image and the systemd unit set NODE_OPTIONS themselves (README, Configuration).
export const DEFAULT_HEAP_MB = 768;

/** `node` arguments that cap the heap, or none when NODE_OPTIONS already does. */
export function heapArgs(env = process.env) {
  if (/--max-old-space-size/.test(env.NODE_OPTIONS ?? "")) return [];
  const raw = env.FLEETPRINT_HEAP_MB?.trim();
  const mb = raw ? Number(raw) : DEFAULT_HEAP_MB;
  if (!Number.isInteger(mb) || mb < 256) throw new Error(`FLEETPRINT_HEAP_MB must be a whole number of MiB, 256 or more (got "${raw}").`);
  return [`--max-old-space-size=${mb}`];
}
