import "server-only";
// Routes whose caller proves itself with an HMAC of the exact body (a CI pipeline holding the fleet's webhook
// secret): the raw text is kept for the signature check, the JSON parsed for the handler.
import type { z } from "zod";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/lib/providers/signature";
import { badRequest } from "./errors";
import { readBody } from "./http";
import { parseWith } from "./validate";

export interface SignedBody<T> {
  raw: string;
  body: T;
  sig: { signature: string | null; timestamp: string | null };
}

export async function readSignedBody<T>(req: Request, limit: number, schema: z.ZodType<T>, shape: string): Promise<SignedBody<T>> {
  const raw = await readBody(req, limit);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw badRequest(`Body must be JSON ${shape}.`);
  }
  return { raw, body: parseWith(schema, json), sig: { signature: req.headers.get(SIGNATURE_HEADER), timestamp: req.headers.get(TIMESTAMP_HEADER) } };
}
