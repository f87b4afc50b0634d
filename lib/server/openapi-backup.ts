import "server-only";
// GET /backup in the OpenAPI document: the embedded database's dump (README, Backups).

type Errors = (...codes: number[]) => Record<string, unknown>;

export function backupPaths({ errors }: { errors: Errors }) {
  return {
    "/backup": {
      get: {
        summary:
          "A consistent dump of the embedded database (PGlite) taken while the server runs: a gzipped tar of its data folder, as " +
          "fleetprint-backup-<time>.tar.gz. `npm run backup -- --out FILE` calls it when a server holds the folder; restore it with " +
          "`npm run restore -- --in FILE --data-dir NEW_FOLDER`. Queries wait while the files are read. Audited (database.backup). " +
          "The generated secrets beside the database (auth-secret, admin-token) are not in it. On PostgreSQL the answer is 409: use pg_dump",
        responses: {
          "200": { description: "The dump", content: { "application/gzip": { schema: { type: "string", format: "binary" } } } },
          ...errors(401, 403),
          "409": { description: "The server runs on PostgreSQL (DATABASE_URL): back it up with pg_dump -Fc", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        },
      },
    },
  };
}
