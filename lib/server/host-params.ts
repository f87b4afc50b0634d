import "server-only";
import { z } from "zod";
import { fleetNameSchema, hostnameSchema, parseWith } from "./validate";

const schema = z.object({ hostname: hostnameSchema, fleet: fleetNameSchema.optional() });

/** Hostname from the path, optional ?fleet= to pick among fleets that share a hostname. */
export async function hostParams(req: Request, ctx: { params: Promise<{ hostname: string }> }) {
  const { hostname } = await ctx.params;
  const fleet = new URL(req.url).searchParams.get("fleet") || undefined;
  return parseWith(schema, { hostname: decodeURIComponent(hostname), fleet });
}
