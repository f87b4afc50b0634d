import "server-only";
// Bodies and queries of the config content routes: the agent's upload (POST /api/v1/contents) and the line diff
// of one config file (GET /api/v1/hosts/{hostname}/configs/diff).
import { z } from "zod";
import { WANT_LIMIT } from "@/lib/core/config-content";

const SHA256 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const fileSchema = z
  .object({
    sha256: z.string().regex(SHA256, "the file's sha256 in lowercase hex, as the report lists it"),
    base64: z.string().max(100_000, "64 KiB of content at most (87,384 base64 characters)").regex(BASE64, "standard base64 without line breaks").optional(),
    text: z.string().max(70_000, "64 KiB of content at most").optional(),
  })
  .refine((f) => (f.base64 === undefined) !== (f.text === undefined), 'send the content as exactly one of "base64" or "text"');

export const contentsUploadSchema = z.object({
  contents: z.array(fileSchema, { error: 'send {"contents":[{"sha256":"…","base64":"…"}]}' }).min(1, "send at least one file").max(WANT_LIMIT, `at most ${WANT_LIMIT} files per request`),
});

/** The uploaded files as bytes: base64 decoded, text as its UTF-8. */
export function contentBytes(input: z.infer<typeof contentsUploadSchema>) {
  return input.contents.map((f) => ({ sha256: f.sha256, bytes: f.base64 !== undefined ? Buffer.from(f.base64, "base64") : Buffer.from(f.text!, "utf8") }));
}

// ?fleet= is read with the hostname (host-params.ts).
export const configDiffQuerySchema = z.object({
  path: z.string({ error: "path=<absolute path of the config file> is required" }).startsWith("/", "an absolute path, e.g. /etc/php/8.2/apache2/php.ini").max(4096),
  against: z
    .string()
    .max(300)
    .regex(/^(spec|peer|host:.+)$/, 'spec (default: the spec\'s version, else the fleet\'s most common one), peer, or host:<hostname>[@fleet]')
    .optional(),
});
