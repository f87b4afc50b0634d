/** @type {import('next').NextConfig} */
module.exports = {
  // PGlite must stay external: bundled, it breaks the build and ships its wasm as public files. pdfkit reads its
  // font metrics (.afm) from its own folder at run time, which a bundled copy cannot find.
  serverExternalPackages: ["@electric-sql/pglite", "pdfkit"],
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a 403 when a signed-in user's role is too low for a page.
  experimental: { authInterrupts: true },
};
