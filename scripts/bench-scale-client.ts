// The bench-scale client: N hosts at concurrency C against one or more servers, behaving like the agent should
// under back-pressure (503/429 → wait Retry-After with jitter, capped, then send again), every loop bounded in
// count and time. Latency is the time of the accepted answer; waits spent backing off show in the phase's total.

import http from "node:http";

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

export interface Req {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string | Buffer;
}

// node:http with keep-alive, not fetch: fetch costs the client 4–7× more CPU per request (≈1 ms against ≈0.15 ms
// measured here), and the client shares the machine's cores with the server it measures.
const agent = new http.Agent({ keepAlive: true });
/** Closes the kept-alive sockets so the bench exits as soon as it is done. */
export const closeClient = () => agent.destroy();

export function request(url: string, req: Req = {}, timeoutMs = 120_000): Promise<Answer> {
  const u = new URL(url);
  if (u.hostname !== "127.0.0.1") return Promise.reject(new Error(`bench talks to 127.0.0.1 only, not ${url}`));
  const body = typeof req.body === "string" ? Buffer.from(req.body) : req.body;
  const headers: Record<string, string | number> = { ...req.headers };
  if (body) headers["content-length"] = body.length;
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const r = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: req.method ?? "GET", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString(), ms: performance.now() - t0 }));
      res.on("error", reject);
    });
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    r.on("error", reject);
    r.end(body);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

export const median = (xs: number[]) => percentile(xs, 0.5);

/** Retry-After in ms (seconds or an HTTP date), 1 s when absent, capped so a bad header cannot stall the run. */
export function backOffMs(h: http.IncomingHttpHeaders, capMs: number): number {
  const v = h["retry-after"];
  let ms = 1000;
  if (v && /^\d+(\.\d+)?$/.test(v.trim())) ms = Number(v) * 1000;
  else if (v && !Number.isNaN(Date.parse(v))) ms = Date.parse(v) - Date.now();
  // Jitter (×0.5–1.5) so a herd told "in 2 s" does not come back as one herd in exactly 2 s.
  return Math.min(Math.max(ms, 50), capMs) * (0.5 + Math.random());
}

export interface PhaseStats {
  label: string;
  count: number;
  ok: number;
  failed: number;
  /** Answers by HTTP status, retries included (0 = network error or timeout). */
  statuses: Map<number, number>;
  backPressure: number;
  retries: number;
  /** Latency of each accepted (2xx) answer, ms. */
  latencies: number[];
  seconds: number;
  gaveUp: boolean;
  /** Hosts whose request was accepted in the end. */
  accepted: Uint8Array;
  /** A few failed answers, to say why. */
  samples: string[];
}

export interface PhaseOptions {
  concurrency: number;
  deadlineMs: number;
  retryCapMs: number;
  maxAttempts: number;
  /** False once a server has died: the phase stops instead of retrying into a closed port until its deadline. */
  alive?: () => boolean;
}

/**
 * Sends one request per host i in [0, count), `concurrency` at a time. `check` decides whether a 2xx answer is
 * what was expected (a mismatch counts as failed, not retried).
 */
export async function runPhase(
  label: string,
  count: number,
  opt: PhaseOptions,
  send: (i: number) => Promise<Answer>,
  check: (a: Answer, i: number) => boolean = () => true,
): Promise<PhaseStats> {
  const st: PhaseStats = {
    label, count, ok: 0, failed: 0, statuses: new Map(), backPressure: 0, retries: 0, latencies: [], seconds: 0,
    gaveUp: false, accepted: new Uint8Array(count), samples: [],
  };
  const t0 = performance.now();
  const deadline = t0 + opt.deadlineMs;
  const over = () => performance.now() > deadline || opt.alive?.() === false;
  const tally = (status: number) => st.statuses.set(status, (st.statuses.get(status) ?? 0) + 1);
  const fail = (i: number, why: string) => {
    st.failed++;
    if (st.samples.length < 5) st.samples.push(`host ${i}: ${why.slice(0, 300)}`);
  };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      if (over()) {
        st.gaveUp = true;
        return;
      }
      const i = next++;
      for (let attempt = 1; ; attempt++) {
        let a: Answer;
        try {
          a = await send(i);
        } catch (e) {
          tally(0);
          if (attempt >= 5 || over()) {
            fail(i, `network: ${(e as Error).message}`);
            break;
          }
          st.retries++;
          await sleep(Math.min(1000 * (0.5 + Math.random()), deadline - performance.now()));
          continue;
        }
        tally(a.status);
        if (a.status === 503 || a.status === 429) {
          st.backPressure++;
          if (attempt >= opt.maxAttempts || over()) {
            fail(i, `${a.status} after ${attempt} attempts`);
            break;
          }
          st.retries++;
          await sleep(Math.min(backOffMs(a.headers, opt.retryCapMs), deadline - performance.now()));
          continue;
        }
        if (a.status >= 200 && a.status < 300 && check(a, i)) {
          st.ok++;
          st.accepted[i] = 1;
          st.latencies.push(a.ms);
        } else fail(i, `${a.status} ${a.text}`);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opt.concurrency, count) }, worker));
  st.seconds = (performance.now() - t0) / 1000;
  return st;
}

/** GETs one URL every `everyMs` (never overlapping itself) until stopped; answers' latencies in ms. */
export function startPoller(get: () => Promise<Answer>, everyMs: number) {
  const latencies: number[] = [];
  const failures: string[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        const a = await get();
        latencies.push(a.ms);
        if (a.status !== 200 && failures.length < 3) failures.push(`${a.status} ${a.text.slice(0, 200)}`);
      } catch (e) {
        if (failures.length < 3) failures.push((e as Error).message);
      }
      await sleep(everyMs - (performance.now() - t0));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { latencies, failures };
    },
  };
}
