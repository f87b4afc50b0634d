import "server-only";
// Images in the OpenAPI document (issue 10): upload an image's fingerprint (the agent's --image report, or the
// archive itself), optionally publishing it as the fleet's next spec version, and the list of uploaded images.
import { z } from "zod";
import { agentReportSchema } from "@/lib/core/parse-report";
import { DEFAULT_IMAGE_MAX_BYTES } from "@/lib/core/image-ref";
import { imageListQuerySchema, imageUploadQuerySchema } from "./image-schemas";

type Errors = (...codes: number[]) => Record<string, unknown>;

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
const ok = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });

/** One query parameter per field of a zod object (the routes parse the same schema). */
function queryParams(schema: z.ZodObject, required: readonly string[] = []) {
  const props = (json(schema) as { properties: Record<string, unknown> }).properties;
  return Object.entries(props).map(([name, s]) => ({ name, in: "query", required: required.includes(name), schema: s }));
}

const uploaded = {
  type: "object",
  properties: {
    digest: { type: "string", pattern: "^sha256:[0-9a-f]{64}$" },
    tag: { type: ["string", "null"] },
    format: { enum: ["oci", "docker-archive"] },
    fingerprint: { type: "string", description: "The fingerprint's sha256, as a host running this image reports it" },
    packages: { type: "integer" },
    configs: { type: "integer" },
    fleet: { type: "string" },
    specVersion: { type: ["integer", "null"], description: "publish=1: the spec version published from the image (the current one when it already came from this digest), else null" },
  },
};
const imageRow = {
  type: "object",
  properties: {
    digest: { type: "string" },
    tag: { type: ["string", "null"] },
    format: { type: "string" },
    fingerprint: { type: "string" },
    fleet: { type: ["string", "null"], description: "The fleet it was first uploaded to (null once that fleet is deleted)" },
    uploadedBy: { type: ["string", "null"] },
    createdAt: { type: "string", format: "date-time" },
  },
};

export function imagePaths({ errors }: { errors: Errors }) {
  return {
    "/images": {
      post: {
        summary:
          "Upload an image's fingerprint (operator; an API token from CI). Body: the JSON report of `fleetprint-agent --image FILE.tar --print` " +
          "(application/json, with its `image` field), or the archive itself (application/x-tar, optionally Content-Encoding: gzip: a " +
          "`docker save` archive or a tar of an OCI layout), streamed to a private temp folder, fingerprinted there by the same agent and " +
          `removed. At most FLEETPRINT_IMAGE_MAX_BYTES (default ${DEFAULT_IMAGE_MAX_BYTES / 1024 ** 3} GiB) after gunzip, else 413 and nothing stored. ` +
          "201 for a new digest; 200 with the stored image when the digest was uploaded before with the same fingerprint; 409 when it was " +
          "uploaded with a different one. publish=1 also makes the image the fleet's next spec version, captured from its fingerprint as " +
          "\"capture from a host\" does (source image:<digest>, with digest and tag): once per digest, a re-run answers the current version. " +
          "Audited (image.upload, spec.save).",
        parameters: queryParams(imageUploadQuerySchema, ["fleet"]),
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: json(agentReportSchema) },
            "application/x-tar": { schema: { type: "string", format: "binary" } },
          },
        },
        responses: { "201": ok("Stored (and published)", uploaded), "200": ok("This digest was stored before with the same fingerprint", uploaded), ...errors(400, 401, 403, 404, 409, 413, 415) },
      },
      get: {
        summary: "Uploaded images, newest first: filter by fleet and q (digest or tag contains), paged with nextCursor; format=csv streams every matching image",
        parameters: queryParams(imageListQuerySchema),
        responses: {
          "200": {
            description: "A page (JSON), or every matching image (CSV)",
            content: {
              "application/json": { schema: { type: "object", properties: { images: { type: "array", items: imageRow }, total: { type: "integer" }, count: { type: "integer" }, nextCursor: { type: ["string", "null"] } } } },
              "text/csv": { schema: { type: "string", description: "digest,tag,format,fingerprint,fleet,uploaded_by,created_at" } },
            },
          },
          ...errors(400, 401, 404),
        },
      },
    },
  };
}
