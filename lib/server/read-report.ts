import "server-only";
// A report's raw body to its fingerprint: decode (gunzip, UTF-8), check the claimed content digest, parse, validate,
// canonicalise and hash. Pure work on one body that needs no database: the same function runs in the request's
// thread or in a parse thread (report-threads.ts), and throws the API's errors either way.
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { CONTENT_DIGEST, contentDigestOf, PER_HOST_FIELDS, reportHead } from "@/lib/core/content-digest";
import { identify } from "@/lib/core/canonical";
import { parseReport } from "@/lib/core/parse-report";
import { isValidReportHead } from "@/lib/core/report-fast-check";
import { AgentLayoutReader } from "@/lib/core/agent-layout";
import { FingerprintContent, type PackedContent } from "@/lib/core/fingerprint-content";
import type { CollectorError } from "@/lib/core/types";
import { REPORT_LIMIT } from "./body-limits";
import { badRequest } from "./errors";
import { decodeBytes, parseJsonText, utf8Text } from "./http";

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
  /**
   * A content digest of the body, checked against it: the one the request claimed, or when it claimed none, the
   * one its layout gives (null when it has no such layout, or carries collector errors).
   */
  content: string | null;
  /** Sources the collector could not read (null when it read everything): stored on the host, not in the fingerprint. */
  collectorErrors: CollectorError[] | null;
}

/** What the host carries: its fingerprint, and a content digest naming it when this process knows one. */
export interface Known {
  hash: string;
  content: string | null;
}

const NEWLINE = 10;
/** A first line longer than this holds more than per-host fields: such a body is read in full. */
const HEAD_LIMIT = 4096;
/** The per-host fields a report's content part must not spell otherwise (a report with collector errors names no content). */
const HEAD_FIELDS = PER_HOST_FIELDS.filter((k) => k !== "collectorErrors");

/**
 * The content digest a report claims, checked against its body (a wrong claim is refused, never remembered), or
 * the one its layout gives when it claims none: the server checked it itself, so it may name the content too.
 */
function contentDigest(claimed: string | null, text: string, digestOfRest: string | null): { digest: string; head: Record<string, unknown> } | null {
  if (claimed !== null && claimed !== "" && !CONTENT_DIGEST.test(claimed)) throw badRequest("X-Fleetprint-Content-Digest must be a sha256 in lowercase hex (64 characters).");
  const mine = contentDigestOf(text, digestOfRest);
  if (!claimed) return mine.ok ? mine : null;
  if (!mine.ok) throw badRequest(`X-Fleetprint-Content-Digest was sent, but ${mine.reason}.`);
  if (mine.digest !== claimed) {
    throw badRequest("X-Fleetprint-Content-Digest does not match the body: it must be the sha256 of the body's bytes after its first line (uncompressed).");
  }
  return mine;
}

/**
 * The unchanged report of an agent that sends its body every time: when the bytes after its first line hash to
 * the content digest of the fingerprint the host carries, they are the bytes of a report this server read,
 * checked and stored, so only the first line (the per-host fields) is read: no parse, no canonical form, no
 * second hash. Null when that is not so (the caller reads the body in full, which words any error).
 */
function readUnchanged(body: Buffer, nl: number, digest: string | null, claimed: string | null, known: Known | null): ReadReport | null {
  if (!known?.content || digest !== known.content || nl > HEAD_LIMIT || (claimed && claimed !== digest)) return null;
  const line = body.subarray(0, nl);
  if (!isUtf8(line)) return null;
  const read = reportHead(line.toString("utf8"));
  // A report with collector errors goes the long way: the schema checks them.
  if (!read.ok || read.head.collectorErrors !== undefined || !isValidReportHead(read.head)) return null;
  return { hash: known.hash, packed: null, machineId: read.head.machineId, content: digest, collectorErrors: null };
}

/** One per thread: what the items of the bodies it read before give (lib/core/agent-layout.ts). */
const layout = new AgentLayoutReader();

/**
 * A new body in the agent's layout, read item by item from what earlier bodies' items gave; null when it is not
 * (the caller reads it in full). Its first line holds only the per-host fields, checked as the schema would.
 */
function readLayout(body: string, named: { digest: string; head: Record<string, unknown> } | null, known: Known | null): ReadReport | null {
  if (!named || named.head.collectorErrors !== undefined || !isValidReportHead(named.head)) return null;
  const read = layout.read(body, body.indexOf("\n") + 1);
  if (!read) return null;
  return { hash: read.hash, packed: read.hash === known?.hash ? null : read.packed, machineId: named.head.machineId, content: named.digest, collectorErrors: null };
}

export async function readReport(raw: Buffer, contentEncoding: string | null, claimedContent: string | null, known: Known | null = null): Promise<ReadReport> {
  const bytes = await decodeBytes(raw, contentEncoding, REPORT_LIMIT);
  // The sha256 of the bytes after the first line, once for both ways: the content digest if that line holds
  // only per-host fields.
  const nl = bytes.indexOf(NEWLINE);
  const digestOfRest = nl < 0 ? null : createHash("sha256").update(bytes.subarray(nl + 1)).digest("hex");
  const unchanged = readUnchanged(bytes, nl, digestOfRest, claimedContent, known);
  if (unchanged) return unchanged;
  const body = utf8Text(bytes);
  const named = contentDigest(claimedContent, body, digestOfRest);
  const fast = readLayout(body, named, known);
  if (fast) return fast;
  const parsed = parseReport(parseJsonText(body));
  if (!parsed.ok) throw badRequest(`Report rejected: ${parsed.error}`);
  const { fingerprint, hash } = identify(parsed.report);
  const errors = parsed.report.collectorErrors;
  const collectorErrors = errors?.length ? errors : null;
  // A content digest lets other hosts check in without a body, and a check-in carries no errors: a report with
  // errors must not name content (the agent sends none then), or a host accepted by it would lose its errors.
  // Nor may one whose content part repeats a per-host field with another value: its next unchanged report would
  // be read from its first line alone (readUnchanged), and JSON takes the last of two equal keys.
  const report = parsed.report as unknown as Record<string, unknown>;
  const content = named && !collectorErrors && HEAD_FIELDS.every((k) => !(k in named.head) || named.head[k] === report[k]) ? named.digest : null;
  const packed = hash === known?.hash ? null : FingerprintContent.pack(fingerprint);
  return { hash, packed, machineId: parsed.report.machineId ?? null, content, collectorErrors };
}

export function contentOf(read: ReadReport): FingerprintContent {
  if (!read.packed) throw new Error(`report ${read.hash} was read without its content (it was the known one)`);
  return FingerprintContent.unpack(read.packed);
}
