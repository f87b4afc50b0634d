import "server-only";
// A report's raw body to its fingerprint: decode (gunzip, UTF-8), check the claimed content digest, parse, validate,
// canonicalise and hash. Pure work on one body that needs no database: the same function runs in the request's
// thread or in a parse thread (report-threads.ts), and throws the API's errors either way.
import { CONTENT_DIGEST, contentDigestOf } from "@/lib/core/content-digest";
import { identify } from "@/lib/core/canonical";
import { parseReport } from "@/lib/core/parse-report";
import { FingerprintContent, type PackedContent } from "@/lib/core/fingerprint-content";
import type { CollectorError } from "@/lib/core/types";
import { REPORT_LIMIT } from "./body-limits";
import { badRequest } from "./errors";
import { decodeBody, parseJsonText } from "./http";

export interface ReadReport {
  hash: string;
  /**
   * The canonical fingerprint as its item keys and askable content hashes, in strings: a string crosses from a
   * parse thread for the price of a copy (objects would cost ~4× a JSON.parse to deserialise), and the request
   * thread needs no parse and builds no key (lib/core/fingerprint-content.ts). Null when the hash is the one the
   * caller said the host carries already (`known`): the unchanged full report of an agent that always sends one
   * needs no content, and packing it was ~15% of reading it.
   */
  packed: PackedContent | null;
  machineId: string | null;
  /** The content digest the request claimed, checked against the body (null when none was sent). */
  content: string | null;
  /** Sources the collector could not read (null when it read everything): stored on the host, not in the fingerprint. */
  collectorErrors: CollectorError[] | null;
}

/** The content digest a report claims, checked against its body: a wrong claim is refused, never remembered. */
function checkedContentDigest(claimed: string | null, text: string): string | null {
  if (claimed === null || claimed === "") return null;
  if (!CONTENT_DIGEST.test(claimed)) throw badRequest("X-Fleetprint-Content-Digest must be a sha256 in lowercase hex (64 characters).");
  const mine = contentDigestOf(text);
  if (!mine.ok) throw badRequest(`X-Fleetprint-Content-Digest was sent, but ${mine.reason}.`);
  if (mine.digest !== claimed) {
    throw badRequest("X-Fleetprint-Content-Digest does not match the body: it must be the sha256 of the body's bytes after its first line (uncompressed).");
  }
  return claimed;
}

export async function readReport(raw: Buffer, contentEncoding: string | null, claimedContent: string | null, known: string | null = null): Promise<ReadReport> {
  const body = await decodeBody(raw, contentEncoding, REPORT_LIMIT);
  const content = checkedContentDigest(claimedContent, body);
  const parsed = parseReport(parseJsonText(body));
  if (!parsed.ok) throw badRequest(`Report rejected: ${parsed.error}`);
  const { fingerprint, hash } = identify(parsed.report);
  const errors = parsed.report.collectorErrors;
  const collectorErrors = errors?.length ? errors : null;
  // A content digest lets other hosts check in without a body, and a check-in carries no errors: a report with
  // errors must not name content (the agent sends none then), or a host accepted by it would lose its errors.
  const packed = hash === known ? null : FingerprintContent.pack(fingerprint);
  return { hash, packed, machineId: parsed.report.machineId ?? null, content: collectorErrors ? null : content, collectorErrors };
}

export function contentOf(read: ReadReport): FingerprintContent {
  if (!read.packed) throw new Error(`report ${read.hash} was read without its content (it was the known one)`);
  return FingerprintContent.unpack(read.packed);
}
