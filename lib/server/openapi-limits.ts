import "server-only";
// The 400 and 413 answers of the machine routes, worded from the limits the code enforces (body-limits.ts,
// lib/core/json-depth.ts, lib/core/unsafe-chars.ts), so the document states the numbers the server uses.
import { MAX_JSON_DEPTH } from "@/lib/core/json-depth";
import { bodyLimitFor, formatBytes } from "./body-limits";

const answer = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

/** Spread after errors(…): replaces the generic 400 and 413 texts for a route that reads `fields` from a JSON body. */
export function inputLimitErrors(path: string, fields: string) {
  const limit = formatBytes(bodyLimitFor(path).bytes);
  return {
    "400": answer(
      "Malformed input; the message names the field. Refused as well: a body that is not valid UTF-8; JSON nested deeper than " +
        `${MAX_JSON_DEPTH} levels (refused before parsing); control or bidirectional characters (U+0000–U+001F, U+007F–U+009F, U+061C, ` +
        `U+200E, U+200F, U+2028, U+2029, U+202A–U+202E, U+2066–U+2069) or unpaired surrogates in ${fields}. The message names the field ` +
        'and the character, e.g. "configs[12].path: contains a control or bidirectional character (U+202E)". Backslash is allowed: ' +
        "the agent (1.1) writes such characters in file names out as visible text (\\t, \\n, \\\\, \\xHH, \\uHHHH).",
    ),
    "413": answer(
      `Body over ${limit} as sent: refused by its Content-Length before it is read, or as soon as a chunked body passes ${limit} ` +
        `(what the client still sends is read and dropped up to 4× the limit, then the connection is closed); or over ${limit} once ` +
        `gzip is decoded ("Decompressed body exceeds ${limit}").`,
    ),
  };
}
