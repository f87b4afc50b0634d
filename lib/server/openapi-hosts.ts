import "server-only";
// Host identity in the OpenAPI document: revoking a host's key, deleting a host, revoking an enroll secret with
// the keys it issued (kept beside openapi.ts so the identity contract sits in one place).
import { FLAG_VALUES } from "@/lib/core/query-flag";

type Errors = (...codes: number[]) => Record<string, unknown>;
type Param = Record<string, unknown>;

const ok = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });

export const ENROLL_SUMMARY =
  "Enroll a host with a fleet's enroll secret; the answer holds its key (shown once). A host is its hostname within its fleet: " +
  "the same hostname again continues the same record and rotates its key (re-enrolment). With another machine id than the one " +
  "recorded, it is a replacement: the record continues, the previous machine's key stops working, and the host's history shows " +
  "\"replaced\". A known machine id under a new hostname renames its record. 409 when the machine id belongs to another record " +
  "and the hostname to yet another (or to several): delete the stale one and enroll again.";

/** DELETE /hosts/{hostname}: merged with the GET of the same path in openapi.ts. */
export function deleteHostOperation({ errors, hostParams }: { errors: Errors; hostParams: Param[] }) {
  return {
    summary:
      "Delete a host and its history (audited as host.delete with what it was); its key stops working at once. " +
      "409 while a rebuild request still acts on it (cancel it first), or when the hostname is in several fleets (add ?fleet=)",
    parameters: hostParams,
    responses: {
      "200": ok("Deleted", { type: "object", properties: { hostname: { type: "string" }, fleet: { type: "string" }, deleted: { const: true } } }),
      ...errors(401, 403, 404, 409),
    },
  };
}

export function hostKeyPaths({ errors, hostParams }: { errors: Errors; hostParams: Param[] }) {
  return {
    "/hosts/{hostname}/revoke-key": {
      post: {
        summary:
          "Revoke the host's key: its next check-in or report gets 401 and it must enroll again (an agent that still has a current " +
          "enroll secret does so at its next run). Recorded in its history (key-revoked) and audited (host.revoke-key). 409 when the " +
          "key is already revoked, or when the hostname is in several fleets (add ?fleet=)",
        parameters: hostParams,
        responses: {
          "200": ok("Revoked", { type: "object", properties: { hostname: { type: "string" }, fleet: { type: "string" }, keyRevokedAt: { type: "string", format: "date-time" } } }),
          ...errors(401, 403, 404, 409),
        },
      },
    },
  };
}

/** DELETE /fleets/{name}/enroll-secrets/{id}. */
export function revokeSecretOperation({ errors, fleetParam }: { errors: Errors; fleetParam: Param }) {
  return {
    summary:
      "Revoke an enroll secret: enrolments with it get 401. Hosts already enrolled keep their keys unless revokeKeys=true, which also " +
      "revokes the keys issued through it (hosts whose current key came from it; audited with their count)",
    parameters: [
      fleetParam,
      { name: "id", in: "path", required: true, schema: { type: "integer" } },
      { name: "revokeKeys", in: "query", required: false, schema: { enum: [...FLAG_VALUES], default: "false" } },
    ],
    responses: {
      "200": ok("Revoked", {
        type: "object",
        properties: { id: { type: "integer" }, revokedAt: { type: "string", format: "date-time" }, revokedKeys: { type: "integer", description: "Host keys revoked with it (0 without revokeKeys)" } },
      }),
      ...errors(400, 401, 403, 404),
    },
  };
}
