#!/usr/bin/env node
// The production server: Next's request handler behind a plain Node listener that answers the three machine
// routes (enroll, check-in, report) itself. Next's router costs ~1.5 ms a request, more than an unchanged
// check-in should cost in total; the handlers are the same code either way (lib/server/machine-api.ts,
// registered on globalThis by instrumentation.ts), so `next dev` and `next start` behave the same, only slower.
import http from "node:http";
import { createRequire } from "node:module";
import next from "next";

// `-p PORT -H HOST` as `next start` takes them; PORT from the environment otherwise.
const arg = (flag) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const port = Number(arg("-p") ?? process.env.PORT ?? 3000);
const hostname = arg("-H") ?? "0.0.0.0";
// The worker builds callback URLs from PORT (lib/jobs/app-worker.ts): keep it true when -p chose the port.
process.env.PORT = String(port);

const app = next({ dev: false, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
// instrumentation.ts registers the machine routes and each path's body limit, which must hold before the first
// request (better-auth, for one, reads any body whole). Next runs it lazily on the first request it handles; this
// is the same call, made before listening, and Next reuses its result.
const require = createRequire(import.meta.url);
await require("next/dist/server/lib/router-utils/instrumentation-globals.external.js").ensureInstrumentationRegistered(process.cwd(), ".next");
const api = globalThis.__fleetprintMachineApi;
if (!api) throw new Error("[fleetprint] instrumentation.ts did not register lib/server/machine-api; is .next a build of this app?");
const MACHINE = new Set(Object.values(api.MACHINE_PATHS));

function send(res, status, json, headers = {}) {
  const body = JSON.stringify(json);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

function answerMachine(api, req, res, path, ctx) {
  // nosniff, no framing (lib/server/security-headers.ts): Next's answers get them from proxy.ts, these from here.
  for (const [k, v] of Object.entries(api.MACHINE_HEADERS ?? {})) res.setHeader(k, v);
  // Read within the path's limit, or answered 413 by the gate (lib/server/body-gate.ts) without holding more.
  api.admitBody(req, res, api.bodyLimitFor(path), true, (chunks) => {
    const header = (n) => { const v = req.headers[n]; return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v; };
    const request = { header, body: Buffer.concat(chunks), ip: api.requestClientIp(header) };
    api.answerMachine(path, request).then(
      (a) => {
        if (request.hostId !== undefined) ctx.actor = `host:${request.hostId}`;
        send(res, a.status, a.json, a.headers);
      },
      (e) => {
        api.log.error({ err: e, reqId: ctx.id }, "machine route failed");
        send(res, 500, { error: { code: "internal", message: "Internal error; the server log has the cause." } });
      },
    );
  });
}

// The socket's peer address, the one fact about where a request came from, is handed to the app in a header
// (api.PEER_HEADER) that only this server writes (a client's own copy is overwritten). lib/server/client-ip.ts reads
// it, and believes X-Forwarded-For only when this peer is in FLEETPRINT_TRUSTED_PROXIES.

// Every request gets an id (X-Request-Id, accepted or generated, echoed) and one log line when it ends
// (lib/server/request-log.ts); pages and API routes run inside its context so they can note who asked.
const server = http.createServer({ IncomingMessage: api.HeldMessage }, (req, res) => {
  req.headers[api.PEER_HEADER] = req.socket.remoteAddress ?? "";
  const path = req.url?.split("?")[0] ?? "";
  const machine = req.method === "POST" && MACHINE.has(path);
  api.traceRequest(req, res, machine, (ctx) => {
    if (machine) return answerMachine(api, req, res, path, ctx);
    api.admitBody(req, res, api.bodyLimitFor(path), false, () => handle(req, res));
  });
});
// Expect: 100-continue: a declared length past the limit is refused before the client sends the body.
server.on("checkContinue", (req, res) => {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (!(declared > api.bodyLimitFor(req.url?.split("?")[0] ?? "").bytes)) res.writeContinue();
  server.emit("request", req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => api.log.info({ url: `http://${hostname}:${port}` }, "listening"));
const servers = [server];

// FLEETPRINT_METRICS_PORT: GET /metrics on a port of its own (for a scraper on a private network), beside the app's
// /metrics (which needs FLEETPRINT_METRICS_TOKEN). The token is asked for here too when it is set.
const metricsPort = process.env.FLEETPRINT_METRICS_PORT?.trim();
if (metricsPort) {
  if (!/^\d+$/.test(metricsPort) || Number(metricsPort) > 65535 || Number(metricsPort) === port) {
    throw new Error(`[fleetprint] FLEETPRINT_METRICS_PORT=${metricsPort} is not a free port number (1-65535, not the app's ${port}).`);
  }
  const metricsServer = http.createServer((req, res) => {
    const path = req.url?.split("?")[0] ?? "";
    if (req.method !== "GET" || path !== "/metrics") return send(res, 404, { error: { code: "not_found", message: "Only GET /metrics here." } });
    api.answerMetrics(req.headers.authorization ?? null, "metrics-port").then(
      (a) => {
        res.writeHead(a.status, a.headers);
        res.end(a.body);
      },
      (e) => {
        api.log.error({ err: e }, "metrics failed");
        send(res, 500, { error: { code: "internal", message: "Internal error; the server log has the cause." } });
      },
    );
  });
  metricsServer.listen(Number(metricsPort), process.env.FLEETPRINT_METRICS_HOST?.trim() || hostname, () =>
    api.log.info({ url: `http://${process.env.FLEETPRINT_METRICS_HOST?.trim() || hostname}:${metricsPort}/metrics` }, "metrics listening"),
  );
  servers.push(metricsServer);
}
for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => servers.forEach((s) => s.close()));
