import "server-only";
import { z } from "zod";
import { REQUEST_STATUSES } from "@/model/rebuild-status";
import { fleetNameSchema, hostnameSchema } from "./validate";

export const createRebuildSchema = z.object({
  hosts: z
    .array(hostnameSchema)
    .min(1, "name at least one host")
    .max(10_000)
    .transform((hs) => [...new Set(hs)]),
  reason: z.string().trim().min(3, "say why (at least 3 characters)").max(2000),
  fleet: fleetNameSchema.optional(),
  /** Required (true) when a host is ahead of the spec: the rebuild would move its packages backwards. */
  confirmDowngrades: z.boolean().optional(),
  /** A stale pending request of the same hosts that this fresh one replaces (it is cancelled with this creation). */
  replaces: z.uuid().optional(),
});

export const approveSchema = z.object({
  comment: z.string().trim().max(2000).optional().nullable(),
  /** Required (true) when the request downgrades packages (its `downgrades` lists them). */
  confirmDowngrades: z.boolean().optional(),
});
export const rejectSchema = z.object({ comment: z.string().trim().min(3, "say why you reject it (at least 3 characters)").max(2000) });

export const listRebuildsSchema = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : undefined))
    .pipe(z.array(z.enum(REQUEST_STATUSES)).optional()),
  fleet: fleetNameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const dispatchedSchema = z.object({
  fleet: fleetNameSchema,
  pipelineId: z.string().trim().min(1).max(200).optional(),
});

export const callbackSchema = z.object({
  hostname: hostnameSchema,
  status: z.enum(["succeeded", "failed"]),
  message: z.string().max(4000).optional(),
});
