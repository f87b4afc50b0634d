// A local HTTP server that answers the agent like Fleetprint's API, so the agent tests go through
// real curl and wget. Each test sets the answers it needs and reads back what the agent sent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { parseReport } from "@/lib/core/parse-report";
import { sha256 } from "./test-support";

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** When the request had been read (ms since the epoch), to measure the agent's waits. */
  at: number;
}

export interface Answer {
  status: number;
  json?: unknown;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
}

export interface FakeApi {
  url: string;
  seen: Seen[];
  /** Answers handed out in order to any URL without its own list; the last one repeats. */
  answers: Answer[];
  /** Answers for one path (e.g. "/api/v1/checkin"), taking precedence; the last one repeats. */
  byUrl: Record<string, Answer[]>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeApi(): Promise<FakeApi> {
  const api: FakeApi = {
    url: "",
    seen: [],
    answers: [],
    byUrl: {},
    reset() {
      api.seen = [];
      api.answers = [];
      api.byUrl = {};
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "";
      api.seen.push({ method: req.method ?? "", url, headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      const queue = api.byUrl[url] ?? api.answers;
      const answer = (queue.length > 1 ? queue.shift() : queue[0]) ?? { status: 500, json: { error: { message: `no answer set for ${url}` } } };
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.json === undefined ? "" : JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

export const accepted: Answer = { status: 202, json: { fingerprint: "abc" } };
export const unauthorized: Answer = { status: 401, json: { error: { code: "unauthorized", message: "host key revoked" } } };

/** The request body as text, gunzipped when it was sent compressed. */
export function bodyText(request: Seen): string {
  const body = request.headers["content-encoding"] === "gzip" ? gunzipSync(request.body) : request.body;
  return body.toString("utf8");
}

export function reportOf(request: Seen) {
  const parsed = parseReport(JSON.parse(bodyText(request)));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.report;
}

/**
 * The digest contract, computed independently of the agent: sha256 of the report bytes with the
 * value of collectedAt (first line) replaced by null.
 */
export function contentDigest(request: Seen): string {
  const text = bodyText(request);
  const cut = text.indexOf("\n");
  const first = text.slice(0, cut).replace(/"collectedAt":"[^"]*"/, '"collectedAt":null');
  return sha256(first + text.slice(cut));
}
