/** @type {import('next').NextConfig} */
module.exports = {
  // PGlite must stay external: bundled, it breaks the build and ships its wasm as public files.
  serverExternalPackages: ["@electric-sql/pglite"],
  poweredByHeader: false,
};
