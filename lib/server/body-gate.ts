import "server-only";
// The front door's body limit (scripts/server.mjs): a body is refused by its declared length before a byte of it
// is read, or counted as it arrives when it has none (chunked), and no more than its path's limit is ever held.
// Next reads request bodies whole in places we do not control (better-auth reads sign-in JSON whole; one 300 MB
// body took the server from 948 MiB to 1.7 GiB), so this runs before Next sees the request.
import http from "node:http";
import type { BodyLimit } from "./body-limits";

/** After a 413, what a client may still send (read and dropped) before the connection is cut. */
const drainBytes = (limit: number) => Math.max(4 * limit, 1024 * 1024);
const DRAIN_MS = 10_000;
/** Past drainBytes nothing more is read, and the connection is cut this much later: a cut with unread data is a
 * reset, which can destroy the 413 in the client's buffers before it has read it. */
const GRACE_MS = 1_000;

interface Hold {
  limit: number;
  size: number;
  chunks: Buffer[];
  fits: () => void;
  over: () => void;
}

/**
 * The server's request class: a body without Content-Length can be held here (Node's HTTP parser hands each piece
 * to push()) until it is known to fit, and only then reaches its reader. Without a hold it is a plain request.
 */
export class HeldMessage extends http.IncomingMessage {
  hold: Hold | null = null;

  override push(chunk: Buffer | string | null, encoding?: BufferEncoding): boolean {
    const h = this.hold;
    if (!h) return super.push(chunk, encoding);
    if (chunk === null) {
      this.hold = null;
      for (const c of h.chunks) super.push(c);
      const more = super.push(null);
      h.fits();
      return more;
    }
    const piece = typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk;
    h.size += piece.length;
    if (h.size <= h.limit) {
      h.chunks.push(piece);
      return true;
    }
    this.hold = null;
    h.chunks = [];
    h.over(); // starts the drain, which reads what follows
    return super.push(piece);
  }
}

/**
 * Answers 413 at once, then reads and drops what the client still sends, so a client that reads its answer only
 * after sending hears it instead of a reset. Past drainBytes reading stops (TCP holds the sender back) and the
 * connection is cut GRACE_MS later; a client still sending after DRAIN_MS is cut too.
 */
export function refuseBody(req: http.IncomingMessage, res: http.ServerResponse, limit: BodyLimit): void {
  if (!res.headersSent) {
    const body = JSON.stringify({ error: { code: "payload_too_large", message: limit.message } });
    res.writeHead(413, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    // The whole answer goes now, but end() waits for the request to be over: after end() Node closes a connection
    // whose client asked for "Connection: close" at once, resetting it under a client still sending.
    res.write(body);
  }
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, DRAIN_MS).unref();
  const budget = drainBytes(limit.bytes);
  let dropped = 0;
  req.removeAllListeners("data");
  req.on("data", (c: Buffer) => {
    dropped += c.length;
    if (dropped <= budget || req.isPaused()) return;
    req.pause(); // its buffer fills, and Node's parser stops reading the socket
    setTimeout(cut, GRACE_MS).unref();
  });
  req.once("end", () => {
    clearTimeout(timer);
    res.end();
  });
  req.once("close", () => clearTimeout(timer));
  req.resume();
}

/**
 * Calls `pass` once the body is known to fit `limit`, or answers 413 itself and never calls it. With `collect`
 * the body is read here and handed over in its pieces (the machine routes); without, it stays in the request for
 * its reader (Next) and `pass` gets none.
 */
export function admitBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  limit: BodyLimit,
  collect: boolean,
  pass: (chunks: Buffer[]) => void,
): void {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (declared > limit.bytes) return refuseBody(req, res, limit);
  if (collect) return collectBody(req, res, limit, pass);
  if (limit.streamed) return pass([]); // the route counts as it writes to disk (lib/server/image-upload.ts)
  // Node's parser delivers exactly Content-Length bytes, so a declared length within the limit is the whole check.
  if (req.headers["transfer-encoding"] === undefined) return pass([]);
  if (!(req instanceof HeldMessage)) throw new Error("admitBody needs http.createServer({ IncomingMessage: HeldMessage })");
  req.hold = { limit: limit.bytes, size: 0, chunks: [], fits: () => pass([]), over: () => refuseBody(req, res, limit) };
}

function collectBody(req: http.IncomingMessage, res: http.ServerResponse, limit: BodyLimit, pass: (chunks: Buffer[]) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (c: Buffer) => {
    size += c.length;
    if (size <= limit.bytes) return void chunks.push(c);
    chunks.length = 0;
    refuseBody(req, res, limit); // replaces this listener
  });
  req.on("end", () => {
    if (size <= limit.bytes) pass(chunks);
  });
}
