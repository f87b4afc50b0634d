// The plumbing every fake shares: a real HTTP server on 127.0.0.1 with a random port, every request
// recorded, and answers that can be scripted ahead of the fake's normal behaviour.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  path: string; // without the query string
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  status?: number; // what the fake answered
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown; // string as is, anything else as JSON
}

/** A scripted answer: served instead of the normal one to the next `times` matching requests. */
export interface Injection {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times?: number; // default 1
  match?: (call: RecordedCall) => boolean;
  hang?: boolean; // never answer (until close): for client timeouts
}

export interface FakeServer {
  url: string;
  calls: RecordedCall[];
  inject: (i: Injection) => void;
  close: () => Promise<void>;
}

const MAX_BODY = 1 << 20;

export async function startServer(handle: (call: RecordedCall) => FakeResponse | Promise<FakeResponse>): Promise<FakeServer> {
  const calls: RecordedCall[] = [];
  const injections: Injection[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", async () => {
      const u = new URL(req.url ?? "/", "http://fake");
      const call: RecordedCall = { method: req.method ?? "GET", path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      calls.push(call);
      const idx = injections.findIndex((i) => !i.match || i.match(call));
      let out: FakeResponse;
      if (idx >= 0) {
        const inj = injections[idx];
        inj.times = (inj.times ?? 1) - 1;
        if (inj.times <= 0) injections.splice(idx, 1);
        if (inj.hang) return;
        out = inj;
      } else {
        try {
          out = await handle(call);
        } catch (err) {
          out = { status: 500, body: { id: "fake_bug", message: String(err) } };
        }
      }
      call.status = out.status;
      const isText = typeof out.body === "string";
      const payload = out.body === undefined ? "" : isText ? (out.body as string) : JSON.stringify(out.body);
      const headers: Record<string, string> = { ...(out.body !== undefined && !isText ? { "content-type": "application/json; charset=utf-8" } : {}), ...out.headers };
      res.writeHead(out.status, headers);
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    inject: (i) => injections.push({ ...i }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function bearer(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "");
  return m?.[1];
}

export function isJsonContent(headers: IncomingHttpHeaders): boolean {
  return /^application\/json\b/i.test(headers["content-type"] ?? "");
}

export function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}
