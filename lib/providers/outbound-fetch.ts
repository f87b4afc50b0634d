import "server-only";
// The fetch every outbound call (alert channels, webhook and cloud providers) goes through by default. It is
// node:http(s) with our own DNS lookup: the address is checked when the socket connects, not when the URL is
// saved, so a name that resolves to a public address at check time and to 127.0.0.1 a second later (DNS
// rebinding) still cannot reach loopback. Without a pooled agent, every request resolves and checks afresh.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Readable } from "node:stream";
import { outboundVerdict, parseAllowList, type AllowList } from "@/lib/core/outbound-address";

export const OUTBOUND_ALLOW_ENV = "FLEETPRINT_OUTBOUND_ALLOW";

/** A request Fleetprint would not send; its message says why and how an admin allows the host. */
export class OutboundRefused extends Error {
  readonly code = "ERR_OUTBOUND_REFUSED";
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

/** The refusal inside whatever a fetch threw (directly, or as its cause), if that is what it was. */
export function outboundRefusal(err: unknown): OutboundRefused | null {
  if (err instanceof OutboundRefused) return err;
  const cause = (err as { cause?: unknown })?.cause;
  return cause instanceof OutboundRefused ? cause : null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

function checkedLookup(allow: AllowList) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "");
      const verdicts = addresses.map((a) => ({ a, v: outboundVerdict(hostname, a.address, allow) }));
      const allowed = verdicts.filter((x) => x.v.ok).map((x) => x.a);
      if (!allowed.length) {
        const refused = verdicts.find((x) => !x.v.ok)?.v;
        return callback(new OutboundRefused(refused && !refused.ok ? refused.reason : `refused: ${hostname} has no address`), "");
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

function headersOf(h: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(h).forEach((v, k) => (out[k] = v));
  return out;
}

/** A fetch (string or URL input, string body) that only connects to allowed addresses; `env` holds the allow list. */
export function guardedFetch(env: Record<string, string | undefined> = process.env): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      if (typeof input !== "string" && !(input instanceof URL)) return reject(new TypeError("guardedFetch takes a URL, not a Request"));
      const url = new URL(String(input));
      if (url.protocol !== "http:" && url.protocol !== "https:") return reject(new TypeError(`unsupported protocol ${url.protocol}`));
      const allow = parseAllowList(env[OUTBOUND_ALLOW_ENV]);
      const host = url.hostname.replace(/^\[|\]$/g, "");
      // An address in the URL is never looked up, so the socket's lookup hook would not see it: judge it here.
      if (net.isIP(host)) {
        const v = outboundVerdict(host, host, allow);
        if (!v.ok) return reject(new OutboundRefused(v.reason));
      }
      const body = init.body === undefined || init.body === null ? undefined : String(init.body);
      const headers = headersOf(init.headers);
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      const mod = url.protocol === "https:" ? https : http;
      const req = mod.request(url, { method: init.method ?? "GET", headers, agent: false, lookup: checkedLookup(allow) as never, signal: init.signal ?? undefined });
      req.on("error", (e) => {
        // As fetch does: an aborted request rejects with the signal's reason (a TimeoutError for AbortSignal.timeout).
        if (init.signal?.aborted) return reject(init.signal.reason);
        reject(outboundRefusal(e) ?? new TypeError("fetch failed", { cause: e }));
      });
      req.on("response", (res) => {
        const status = res.statusCode ?? 0;
        const h = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        const empty = [101, 204, 205, 304].includes(status) || req.method === "HEAD";
        if (empty) res.resume();
        try {
          resolve(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, statusText: res.statusMessage, headers: h }));
        } catch (e) {
          res.destroy();
          reject(new TypeError("fetch failed", { cause: e }));
        }
      });
      req.end(body);
    });
}
