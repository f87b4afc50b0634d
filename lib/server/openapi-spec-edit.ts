import "server-only";
// The spec editing routes in the OpenAPI document: preview and save an edited text, accept drift into the spec,
// waive and revoke, version history and the diff between two versions. Bodies come from the routes' zod schemas.
import { z } from "zod";
import { adoptSchema, revokeSchema, specTextSchema, waiveSchema } from "./spec-edit-schemas";

type Errors = (...codes: number[]) => Record<string, unknown>;

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
const ok = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });
const body = (schema: z.ZodType) => ({ required: true, content: { "application/json": { schema: json(schema) } } });
const fleetParam = { name: "name", in: "path", required: true, schema: { type: "string" } };

const entryChanges = { type: "object", properties: { added: { type: "array" }, removed: { type: "array" }, changed: { type: "array" } } };
const diffShape = {
  type: "object",
  description: "Section by section: os, packagesMode, configsMode (null when unchanged), pins and files added/removed/changed, ignore and waivers added/removed",
  properties: {
    os: { type: ["object", "null"] },
    packagesMode: { type: ["object", "null"] },
    configsMode: { type: ["object", "null"] },
    pins: entryChanges,
    files: entryChanges,
    ignore: { type: "object" },
    waivers: { type: "object" },
    changes: { type: "integer", description: "Changed entries in all; 0 = same spec" },
  },
};
const editResult = {
  type: "object",
  properties: {
    dryRun: { type: "boolean" },
    baseVersion: { type: ["integer", "null"], description: "The version the change was made against: send it back to save" },
    version: { type: "integer", description: "The saved version (the one it would get, on a dry run)" },
    yaml: { type: "string", description: "The new version's YAML" },
    spec: { type: "object" },
    diff: diffShape,
    summary: { type: "string", description: '"1 pin changed, 1 waiver added"' },
    lines: { type: "array", items: { type: "string" }, description: '"~ pin libssl3 3.0.19-1~deb12u3 → 3.0.19-1~deb12u4", one change per line' },
  },
};
const invalid = {
  description: "Invalid spec: error.errors lists each problem with its 1-based line (null for the whole document)",
  content: {
    "application/json": {
      schema: {
        type: "object",
        properties: {
          error: {
            type: "object",
            properties: { code: { const: "bad_request" }, message: { type: "string" }, errors: { type: "array", items: { type: "object", properties: { message: { type: "string" }, line: { type: ["integer", "null"] } } } } },
          },
        },
      },
    },
  },
};
const saveNote =
  " Without dryRun the body must carry baseVersion (the version previewed): 409 when the spec moved since. A save is a new spec version " +
  "(audited with its diff), and an automatic immutable fleet rebuilds what no longer matches it, as after any new version.";

export function specEditPaths({ errors }: { errors: Errors }) {
  return {
    "/fleets/{name}/spec/preview": {
      post: {
        summary: "Check a spec text: 400 with each problem at its line, or the diff against the current version. Changes nothing",
        parameters: [fleetParam],
        requestBody: body(specTextSchema),
        responses: { "200": ok("Valid: the diff it would make", editResult), "400": invalid, ...errors(401, 403, 404, 409) },
      },
    },
    "/fleets/{name}/spec/edit": {
      post: {
        summary: `Save an edited spec text as the next version (kept as typed, comments included).${saveNote}`,
        parameters: [fleetParam],
        requestBody: body(specTextSchema),
        responses: { "201": ok("Saved", editResult), "200": ok("Dry run", editResult), "400": invalid, ...errors(401, 403, 404, 409) },
      },
    },
    "/fleets/{name}/spec/adopt": {
      post: {
        summary:
          "Accept into spec. {hostname, items?}: the host's values of those drift items (all its drift by default) become the next version " +
          "(package-version/extra → pin its version, package-missing → drop the pin, config-changed/unexpected → its hash, config-missing → drop " +
          `the file, os → its release), so the host has no drift left on them. {item: {kind, subject, value}}: one value seen across the fleet.${saveNote}`,
        parameters: [fleetParam],
        requestBody: body(adoptSchema),
        responses: { "201": ok("Saved", editResult), "200": ok("Dry run", editResult), ...errors(400, 401, 403, 404, 409) },
      },
    },
    "/fleets/{name}/spec/waivers": {
      get: {
        summary: "The waivers of the current spec, each active or expired (an expired waiver no longer hides drift)",
        parameters: [fleetParam],
        responses: { "200": ok("Waivers", { type: "object", properties: { specVersion: { type: ["integer", "null"] }, waivers: { type: "array", items: { type: "object" } } } }), ...errors(401, 404) },
      },
      post: {
        summary:
          "Waive a drift item: a waiver on its package (any drift of that package) or path, with a reason and an optional last day (UTC), " +
          `written as a mapping entry of the spec's ignore list. Waiving the same target again renews it.${saveNote}`,
        parameters: [fleetParam],
        requestBody: body(waiveSchema),
        responses: { "201": ok("Saved", editResult), "200": ok("Dry run", editResult), ...errors(400, 401, 403, 404, 409) },
      },
      delete: {
        summary: `Revoke the waiver on a package or path (JSON body): a new version without it, so its drift counts again.${saveNote}`,
        parameters: [fleetParam],
        requestBody: body(revokeSchema),
        responses: { "200": ok("Revoked (or dry run)", editResult), ...errors(400, 401, 403, 404, 409) },
      },
    },
    "/fleets/{name}/spec/versions": {
      get: {
        summary: "Every version of the spec, newest first, with its date, author (createdBy), source and note",
        parameters: [fleetParam],
        responses: { "200": ok("Versions", { type: "object", properties: { versions: { type: "array", items: { type: "object" } } } }), ...errors(401, 404) },
      },
    },
    "/fleets/{name}/spec/diff": {
      get: {
        summary: "The diff between any two versions of the spec",
        parameters: [fleetParam, { name: "from", in: "query", required: true, schema: { type: "integer" } }, { name: "to", in: "query", required: true, schema: { type: "integer" } }],
        responses: { "200": ok("Diff", { type: "object", properties: { from: { type: "integer" }, to: { type: "integer" }, diff: diffShape, summary: { type: "string" }, lines: { type: "array", items: { type: "string" } } } }), ...errors(400, 401, 404) },
      },
    },
  };
}
