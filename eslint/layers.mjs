// The layer rules (README "Lint"). Each import is matched as written, through the `@/` alias or a relative path.

/** An import of `name` (a top-level folder or a path under one) through `@/` or any number of `../`. */
const app = (name) => `^(@/|(\\.\\./)+)(${name})(/|$)`;

const NODE_IO = "^(node:)?(fs|fs/promises|child_process|net|http|https|http2|dgram|dns|tls|worker_threads|cluster)$";

/** Modules whose code must never reach a browser bundle (also what a "use client" file may not import). */
export const SERVER_MODULES = [app("db"), app("lib/(server|services|jobs|providers|alerts|reports|demo)"), "^next/headers$", "^server-only$", NODE_IO];

const core = [
  { regex: app("db"), message: "lib/core is pure: take the data as an argument; the service that calls it reads the database." },
  { regex: `${app("lib/(?!core/)[^/]+")}|^\\.\\./(?!core/)[^./][^/]*(/|$)`, message: "lib/core imports nothing of the app: move what you need into lib/core (or model/), or do the work in a service." },
  { regex: app("components|app"), message: "lib/core knows nothing of the UI: move the shared shape into lib/core or model/." },
  { regex: "^(next|react|react-dom)(/|$)", message: "lib/core has no framework: keep Next and React in app/ and components/." },
  { regex: "^(drizzle-orm|postgres|@electric-sql/)", message: "lib/core has no database driver: a service runs the query and hands core the rows." },
];

export const LAYERS = [
  {
    files: ["model/**"],
    patterns: [{ regex: "^(@/|\\.\\./)", message: "model/ is the vocabulary every layer shares: it imports nothing of the app (only other model/ files)." }],
  },
  {
    files: ["lib/core/**"],
    ignores: ["lib/core/**/*.test.ts"],
    patterns: [...core, { regex: NODE_IO, message: "lib/core does no I/O: take the bytes as an argument; a service or script reads the file." }],
  },
  // Tests may read their fixtures from disk; the layer rules still hold.
  { files: ["lib/core/**/*.test.ts"], patterns: core },
  {
    files: ["components/**"],
    patterns: [
      { regex: app("app"), message: "components/ never imports app/: a server action arrives as a prop from the page or layout that renders the component." },
      { regex: app("db"), message: "components/ never touches the database: the page calls a service and passes the data down." },
      {
        regex: app("lib/(server|services|jobs|providers|alerts|reports|demo)"),
        allowTypeImports: true,
        message: "components/ may import only types from server code (`import type`): pass values from the page, or move pure code to lib/core or model/.",
      },
      { regex: "^(next/headers|server-only)$", message: "components/ runs in the browser too: read request headers in lib/server and pass the value as a prop." },
    ],
  },
  {
    files: ["db/**"],
    patterns: [{ regex: app("lib|components|app"), message: "db/ never imports lib/: put a shape the schema needs (a JSON column's type, an enum's values) in model/ and import it from there." }],
  },
  {
    files: ["lib/services/**"],
    patterns: [
      { regex: app("app"), message: "lib/services never imports app/: move the shared code into lib/ and let the route or page import it." },
      { regex: app("components"), allowTypeImports: false, message: "lib/services never imports components/: declare the shape the service returns here (or in model/) and let the component import it." },
    ],
  },
];
