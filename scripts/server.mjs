#!/usr/bin/env node
// The production server: Next's request handler behind a plain Node listener that answers the three machine
// routes (enroll, check-in, report) itself. Next's router costs ~1.5 ms a request, more than an unchanged
// check-in should cost in total; the handlers are the same code either way (lib/server/machine-api.ts,
// registered on globalThis by instrumentation.ts), so `next dev` and `next start` behave the same, only slower.
import http from "node:http";
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
const LIMIT = 16 * 1024 * 1024; // = REPORT_LIMIT; each route applies its own smaller limit after this one
const MACHINE = new Set(["/api/v1/enroll", "/api/v1/checkin", "/api/v1/fingerprints"]);

const app = next({ dev: false, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

function send(res, status, json, headers = {}) {
  const body = JSON.stringify(json);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

function answerMachine(api, req, res, path) {
  // nosniff, no framing (lib/server/security-headers.ts): Next's answers get them from proxy.ts, these from here.
  for (const [k, v] of Object.entries(api.MACHINE_HEADERS ?? {})) res.setHeader(k, v);
  // Past the limit nothing more is kept: the rest is read and dropped so the client hears the 413 (a client
  // still writing would see a broken pipe instead), and a sender that keeps going is cut off.
  const declared = Number(req.headers["content-length"] ?? "NaN");
  const chunks = [];
  let size = 0;
  let over = Number.isFinite(declared) && declared > LIMIT;
  req.on("data", (c) => {
    size += c.length;
    if (size > 4 * LIMIT) req.destroy();
    else if (size > LIMIT) over = true;
    else if (!over) chunks.push(c);
  });
  req.on("end", () => {
    if (over) return send(res, 413, { error: { code: "payload_too_large", message: "Body exceeds the 16 MiB limit." } });
    const header = (n) => { const v = req.headers[n]; return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v; };
    const request = { header, body: Buffer.concat(chunks), ip: api.requestClientIp(header) };
    api.answerMachine(path, request).then(
      (a) => send(res, a.status, a.json, a.headers),
      (e) => {
        console.error("[fleetprint] machine route failed", e);
        send(res, 500, { error: { code: "internal", message: "Internal error; the server log has the cause." } });
      },
    );
  });
}

// The socket's peer address, the one fact about where a request came from, handed to the app in a header that
// only this line writes (a client's own copy is overwritten). lib/server/client-ip.ts reads it, and believes
// X-Forwarded-For only when this peer is in FLEETPRINT_TRUSTED_PROXIES.
const PEER_HEADER = "x-fleetprint-peer";

const server = http.createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  const path = req.url?.split("?")[0] ?? "";
  const api = globalThis.__fleetprintMachineApi;
  if (req.method === "POST" && MACHINE.has(path) && api) return answerMachine(api, req, res, path);
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`[fleetprint] listening on http://${hostname}:${port}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => server.close());
