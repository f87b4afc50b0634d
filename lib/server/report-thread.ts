import "server-only";
// Entry of a parse thread (bundled by scripts/build-report-thread.mjs): reads report bodies for the request
// thread, which keeps the database. Errors go back as the API's error code and message.
import { parentPort } from "node:worker_threads";
import { AppError } from "./errors";
import { readReport, type Known } from "./read-report";

export interface ReadRequest {
  id: number;
  raw: Uint8Array;
  encoding: string | null;
  claimed: string | null;
  /** What the host carries: a report of it comes back without its content, or is read from its first line (read-report.ts). */
  known: Known | null;
}

const port = parentPort;
if (!port) throw new Error("report-thread runs as a worker thread");
port.on("message", (m: ReadRequest) => {
  readReport(Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength), m.encoding, m.claimed, m.known).then(
    (read) => port.postMessage({ id: m.id, read }),
    (e) =>
      port.postMessage({
        id: m.id,
        error: e instanceof AppError ? { code: e.code, message: e.message } : { code: "internal", message: (e as Error)?.stack ?? String(e) },
      }),
  );
});
