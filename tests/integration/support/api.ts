import { gzipSync } from "node:zlib";
import { inject } from "vitest";
import { BOOTSTRAP_TOKEN } from "../global-setup";

export { BOOTSTRAP_TOKEN };

export interface Api {
  url: string;
  call: (
    method: string,
    path: string,
    body?: unknown,
    opts?: { token?: string | null; raw?: string | Buffer; headers?: Record<string, string> },
  ) => Promise<{ status: number; json: any; text: string }>;
}

/** The test server at `url`, as provisioned by global-setup (its people and their tokens). */
export function serverAt(url: string) {
  const s = inject("servers").find((x) => x.url === url);
  if (!s) throw new Error(`no test server at ${url}`);
  return s;
}

/** HTTP calls to a test server; by default as its admin user (API token). `token: null` sends none, as a browser. */
export function api(url: string): Api {
  const adminToken = serverAt(url).people.admin.token;
  return {
    url,
    async call(method, path, body, opts = {}) {
      const token = opts.token === undefined ? adminToken : opts.token;
      // Without a token the caller is a browser (with or without a session cookie), and browsers say where they
      // are: proxy.ts refuses writes that carry neither Origin nor token. Pass headers.origin to say otherwise.
      const headers: Record<string, string> = { ...(token ? {} : { origin: url }), ...(opts.headers ?? {}) };
      if (token) headers.authorization = `Bearer ${token}`;
      let payload: string | Buffer | undefined = opts.raw;
      if (payload === undefined && body !== undefined) {
        payload = JSON.stringify(body);
        headers["content-type"] ??= "application/json";
      }
      const r = await fetch(url + path, { method, headers, body: payload as BodyInit | undefined });
      const text = await r.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: r.status, json, text };
    },
  };
}

export const gzipJson = (v: unknown) => gzipSync(Buffer.from(JSON.stringify(v)));

let n = 0;
/** A unique fleet name per test so suites sharing one server never collide. */
export const uniqueName = (p: string) => `${p}-${Date.now().toString(36)}-${(n++).toString(36)}`;

/**
 * Sends an agent request again while the server answers 503 (busy: a loaded machine's event-loop lag, the
 * documented back-pressure), as the agent does (a second apart here, ten times at most). Returns the answer and
 * how many were sent.
 */
export async function asAgent<R extends { status: number }>(send: () => Promise<R>): Promise<R & { sent: number }> {
  for (let sent = 1; ; sent++) {
    const r = await send();
    if (r.status !== 503 || sent === 10) return { ...r, sent };
    await new Promise((res) => setTimeout(res, 1000));
  }
}
