import "server-only";
// Route plumbing shared by every handler: error mapping, bounded body reading (413 before parsing), gzip.
import { isUtf8 } from "node:buffer";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { NextResponse } from "next/server";
import { clientIpOf } from "./client-ip";
import { findTooDeep, MAX_JSON_DEPTH } from "@/lib/core/json-depth";
import { formatBytes } from "./body-limits";
import { AppError, badRequest } from "./errors";
import { log } from "./log";
import { currentRequestId } from "./request-log";

export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  json: { error: { code: string; message: string } };
}

/** Any thrown error as the API's JSON error shape; unexpected ones are logged, never sent. */
export function errorAnswer(e: unknown): ErrorAnswer {
  if (e instanceof AppError) {
    const headers: Record<string, string> = e.retryAfter === undefined ? {} : { "retry-after": String(e.retryAfter) };
    return { status: e.status, headers, json: { error: { code: e.code, message: e.message, ...e.details } } };
  }
  log.error({ err: e, reqId: currentRequestId() }, "unexpected error");
  return { status: 500, headers: {}, json: { error: { code: "internal", message: "Internal error; the server log has the cause." } } };
}

export function errorResponse(e: unknown): NextResponse {
  const a = errorAnswer(e);
  return NextResponse.json(a.json, { status: a.status, headers: a.headers });
}

/** Wraps a handler so every thrown error becomes the JSON error shape. */
export function route<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** Reads at most `limit` bytes (after gunzip too), so an oversized body is refused before any parsing. */
export async function readBody(req: Request, limit: number): Promise<string> {
  return await decodeBody(await readRawBody(req, limit), req.headers.get("content-encoding"), limit);
}

/** The body's bytes as sent, refused as soon as they pass `limit` (declared or streamed). */
export async function readRawBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

const gunzipAsync = promisify(gunzip);

/** Raw body → text: gunzip when marked so (refused past `limit` once decompressed too), and only valid UTF-8. */
export async function decodeBody(raw: Buffer, contentEncoding: string | null, limit: number): Promise<string> {
  return utf8Text(await decodeBytes(raw, contentEncoding, limit));
}

/** Decoded bytes as text; invalid UTF-8 is refused. */
export function utf8Text(buf: Buffer): string {
  // Decoded anyway, invalid bytes would become U+FFFD and be stored as text nobody sent.
  if (!isUtf8(buf)) throw badRequest("Body is not valid UTF-8; send it encoded as UTF-8 (file names in other encodings must be escaped).");
  return buf.toString("utf8");
}

/** Raw body → its bytes: gunzipped when marked so, refused past `limit` (decompressed too). */
export async function decodeBytes(raw: Buffer, contentEncoding: string | null, limit: number): Promise<Buffer> {
  if (raw.length > limit) throw tooLarge(limit);
  let buf = raw;
  const encoding = (contentEncoding ?? "").toLowerCase();
  if (encoding === "gzip") {
    try {
      // zlib stops once its output passes maxOutputLength: a 20 KiB bomb never becomes 20 MiB here. Off the event
      // loop, so other requests are answered meanwhile.
      buf = await gunzipAsync(buf, { maxOutputLength: limit });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        throw new AppError("payload_too_large", `Decompressed body exceeds ${formatBytes(limit)}; send at most ${formatBytes(limit)} of JSON, compressed or not.`);
      }
      throw badRequest("Body is marked Content-Encoding: gzip but is not valid gzip data.");
    }
  } else if (encoding && encoding !== "identity") {
    throw new AppError("unsupported_media_type", `Content-Encoding "${encoding}" is not supported; send gzip or plain.`);
  }
  return buf;
}

export function parseJsonText(text: string): unknown {
  if (!text.trim()) throw badRequest("Request body is empty; send a JSON object.");
  const deep = findTooDeep(text);
  if (deep >= 0) {
    throw badRequest(`Body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels (at character ${deep}); nothing this API takes nests that deep.`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`Body is not valid JSON: ${(e as Error).message}`);
  }
}

export async function readJson(req: Request, limit: number): Promise<unknown> {
  return parseJsonText(await readBody(req, limit));
}

/** For bodies that may be empty (an approval without a comment). */
export async function readOptionalJson(req: Request, limit: number): Promise<unknown> {
  const text = await readBody(req, limit);
  return text.trim() ? parseJsonText(text) : {};
}

function tooLarge(limit: number) {
  return new AppError("payload_too_large", `Body exceeds the ${formatBytes(limit)} limit of this route.`);
}

export function bearer(req: Request): string | null {
  const h = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : null;
}

/** The client address for the audit log: forwarded headers count only from a trusted proxy (lib/server/client-ip.ts). */
export function clientIp(req: Request): string | null {
  return clientIpOf(req.headers);
}
