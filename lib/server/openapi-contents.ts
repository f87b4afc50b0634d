import "server-only";
// Config content in the OpenAPI document (issue 9): the agent's upload of the contents a report's answer asked
// for, and the line diff of one config file of a host.
import { z } from "zod";
import { CONTENT_MAX_BYTES, NEVER_RECEIVED, WANT_LIMIT } from "@/lib/core/config-content";
import { contentsUploadSchema } from "./content-schemas";

type Errors = (...codes: number[]) => Record<string, unknown>;

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
const ok = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });

/** The property /checkin and /fingerprints answers carry when the server wants config contents. */
export const wantContentProperty = {
  type: "array",
  maxItems: WANT_LIMIT,
  items: { type: "string", pattern: "^[0-9a-f]{64}$" },
  description:
    `Only when the host's fleet collects content (policy collectContent) and some regular config files of the host's fingerprint have no ` +
    `stored content: their sha256 (at most ${WANT_LIMIT}, hand-edited and site files first). Send the eligible ones to POST /contents. ` +
    "Asked per distinct fingerprint: the first time the server sees it, then at most once an hour.",
};

const side = {
  type: ["object", "null"],
  properties: {
    kind: { enum: ["host", "spec", "peer", "other-host"] },
    label: { type: "string" },
    sha256: { type: ["string", "null"] },
    received: { type: "boolean" },
    missing: { type: "string", description: `Why there is no content, e.g. "${NEVER_RECEIVED}"` },
  },
};
const hunk = {
  type: "object",
  properties: {
    oldStart: { type: "integer" },
    oldLines: { type: "integer" },
    newStart: { type: "integer" },
    newLines: { type: "integer" },
    lines: { type: "array", items: { type: "object", properties: { op: { enum: [" ", "-", "+"] }, text: { type: "string" } } } },
  },
};

export function contentPaths({ errors, hostParams }: { errors: Errors; hostParams: unknown[] }) {
  return {
    "/contents": {
      post: {
        summary:
          `Upload config file contents the server asked for (wantContent of a /checkin or /fingerprints answer). Host key. Each file: its ` +
          `sha256 and its content as base64 (or text). The server recomputes every sha256 and refuses the whole request (400, nothing ` +
          `stored) when one does not match, is not a regular file of the host's current fingerprint, is larger than ${CONTENT_MAX_BYTES / 1024} KiB, ` +
          `has a NUL byte, is not UTF-8, contains "PRIVATE KEY", or is a denied path (/etc/shadow*, /etc/gshadow*, */private/*, *.key, ` +
          `*_key, id_rsa*…). 409 when the fleet does not collect content. Content is stored once by sha256.`,
        requestBody: { required: true, content: { "application/json": { schema: json(contentsUploadSchema) } } },
        responses: {
          "200": ok("Stored", { type: "object", properties: { stored: { type: "integer", description: "newly stored" }, known: { type: "integer", description: "already stored" } } }),
          ...errors(400, 401, 409, 413, 415, 503),
        },
      },
    },
    "/hosts/{hostname}/configs/diff": {
      get: {
        summary:
          "Line diff of one config file of the host against the spec's version (default; when the spec does not pin the file or its " +
          "content was never received: the fleet's most common other version), the peer version (against=peer), or another host's " +
          "(against=host:<name>[@fleet]). `summary` reads like \"memory_limit = 128M → 512M\"; a side whose content the server never " +
          "received says so, and the diff is null.",
        parameters: [
          ...hostParams,
          { name: "path", in: "query", required: true, schema: { type: "string" }, description: "Absolute path of the config file" },
          { name: "against", in: "query", required: false, schema: { type: "string", default: "spec" } },
        ],
        responses: {
          "200": ok("The diff", {
            type: "object",
            properties: {
              hostname: { type: "string" },
              fleet: { type: "string" },
              path: { type: "string" },
              reference: side,
              host: side,
              summary: { type: "string" },
              diff: {
                type: ["object", "null"],
                description: 'kind "diff" with unified hunks (3 lines of context), "same", or "too-large" with a reason',
                properties: { kind: { enum: ["diff", "same", "too-large"] }, hunks: { type: "array", items: hunk }, added: { type: "integer" }, removed: { type: "integer" }, reason: { type: "string" } },
              },
            },
          }),
          ...errors(400, 401, 404, 409),
        },
      },
    },
  };
}
