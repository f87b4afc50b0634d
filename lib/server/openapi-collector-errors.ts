import "server-only";
// Collector errors in the OpenAPI document (issue 10): what a report says its collector could not read, and the host
// detail that shows the last accepted report's list.
import { z } from "zod";
import { collectorErrorSchema, REPORT_LIMITS } from "@/lib/core/parse-report";

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

/** components.schemas.CollectorError */
export const collectorErrorComponent = {
  ...json(collectorErrorSchema),
  description:
    'A source the collector could not read, e.g. {"collector":"rpm","message":"rpm database unreadable: /var/lib/rpm/Packages: not a berkeley db hash/btree database"}. ' +
    `A report carries at most ${REPORT_LIMITS.collectorErrors} in collectorErrors (optional; null or [] mean every source was read), with what the other sources read. ` +
    "They are not part of the fingerprint. A report that has them should not send X-Fleetprint-Content-Digest (the server ignores it then), and the agent's " +
    "check-in then sends no content digest: a check-in answered \"accepted\" by content records no errors.",
};

/** The 200 answer of GET /hosts/{hostname}: the fields documented here, others as the page shows them. */
export const hostDetailSchema = {
  type: "object",
  properties: {
    host: {
      type: "object",
      properties: {
        hostname: { type: "string" },
        fingerprint: { type: ["string", "null"] },
        collectorErrors: {
          type: ["array", "null"],
          items: { $ref: "#/components/schemas/CollectorError" },
          description:
            "What the host's last accepted report could not read (null when it read everything). Kept through check-ins answered " +
            '"unchanged"; replaced by every accepted report, so it clears with the first report that reads every source.',
        },
      },
    },
  },
};
