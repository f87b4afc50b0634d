// The one fetch client of the browser code: JSON in and out, and our error JSON ({ error: { code, message } },
// lib/server/http.ts) turned into an Error whose message is the server's sentence, so a component shows what the
// person can act on instead of "HTTP 409". Pure of React; the hooks are in lib/client/queries.ts.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The ApiError of a failed answer: the server's sentence when its body is our error JSON, else `fallback`. */
export async function apiErrorOf(res: Response, fallback: string): Promise<ApiError> {
  return errorFromBody(res.status, await res.json().catch(() => null), fallback);
}

function errorFromBody(status: number, json: unknown, fallback: string): ApiError {
  const err = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return new ApiError(status, typeof err?.code === "string" ? err.code : null, typeof err?.message === "string" && err.message ? err.message : fallback);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `path?query`, leaving out absent values (null, undefined, "") so a default is not sent as an empty filter. */
export function withQuery(path: string, query: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== "") p.set(k, String(v));
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

interface Options {
  query?: Query;
  signal?: AbortSignal;
  /** A poll must see the latest state, never a cached answer. */
  cache?: RequestCache;
}

async function call<T>(method: string, path: string, body: unknown, opts: Options): Promise<T> {
  const url = withQuery(path, opts.query);
  const res = await fetch(url, {
    method,
    headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: opts.signal,
    cache: opts.cache,
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw errorFromBody(res.status, json, `${method} ${path}: the server answered ${res.status}`);
  if (json === null) throw new ApiError(res.status, null, `${method} ${path}: the answer was not JSON`);
  return json as T;
}

export const getJson = <T>(path: string, opts: Options = {}) => call<T>("GET", path, undefined, opts);
export const postJson = <T>(path: string, body: unknown, opts: Options = {}) => call<T>("POST", path, body, opts);
