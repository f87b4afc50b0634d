/** @type {import('next').NextConfig} */
module.exports = {
  // PGlite must stay external: bundled, it breaks the build and ships its wasm as public files. pdfkit reads its
  // font metrics (.afm) from its own folder at run time, which a bundled copy cannot find.
  // prom-client: one copy for every bundle, whose metrics live in one registry per process (lib/server/metrics.ts).
  serverExternalPackages: ["@electric-sql/pglite", "pdfkit", "prom-client"],
  poweredByHeader: false,
  // A self-contained server in .next/standalone (traced node_modules only): the Docker image and plain VMs run it.
  // scripts/build-standalone.mjs then adds what Next does not trace (static assets, migrations, the agent script,
  // the parse thread's bundle) and puts Fleetprint's own listener (scripts/server.mjs) behind its server.js.
  output: "standalone",
  // This folder, not a parent holding another lockfile: the bundle's paths stay .next/standalone/{server.js,…}.
  outputFileTracingRoot: __dirname,
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 when a signed-in user's role is too low for a page.
    authInterrupts: true,
    // Set, not defaulted: the largest form (a rebuild naming hosts) is well under it, sign-in is a few hundred
    // bytes, and scripts/server.mjs refuses bodies past it on every page path first (lib/server/body-limits.ts).
    serverActions: { bodySizeLimit: "1mb" },
  },
};
