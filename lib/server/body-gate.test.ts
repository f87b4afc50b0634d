import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admitBody, HeldMessage } from "./body-gate";

const LIMIT = { bytes: 8 * 1024, message: "Body exceeds the 8 KiB limit of /test." };
const MiB = 1024 * 1024;

// A real listener as scripts/server.mjs builds it: /collect reads the body in the gate, /pass leaves it to the
// handler (as Next reads it). Both answer with the length they got.
let server: http.Server;
let url = "";
/** Bytes the server read on each connection, by the client's port, once the connection closed. */
const socketBytes = new Map<number, number>();

beforeAll(async () => {
  server = http.createServer({ IncomingMessage: HeldMessage }, (req, res) => {
    if (req.url === "/collect") return admitBody(req, res, LIMIT, true, (chunks) => res.end(`got ${Buffer.concat(chunks).length}`));
    if (req.url === "/streamed") {
      return admitBody(req, res, { ...LIMIT, streamed: true }, false, async () => {
        let n = 0;
        for await (const c of req) n += (c as Buffer).length;
        res.end(`streamed ${n}`);
      });
    }
    admitBody(req, res, LIMIT, false, async () => {
      let n = 0;
      for await (const c of req) n += (c as Buffer).length;
      res.end(`got ${n}`);
    });
  });
  server.on("connection", (s) => {
    const port = s.remotePort ?? 0; // gone once the socket is closed
    s.once("close", () => socketBytes.set(port, s.bytesRead));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Sends `total` bytes (declared or chunked) as fast as the server takes them; resolves with the answer or the error. */
function send(path: string, total: number, declared: boolean): Promise<{ status?: number; text?: string; error?: string; sent: number }> {
  return new Promise((resolve) => {
    let sent = 0;
    const req = http.request(`${url}${path}`, { method: "POST", agent: false, headers: declared ? { "content-length": total } : {} }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, text, sent }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code, sent }));
    const piece = Buffer.alloc(64 * 1024, 32);
    const write = () => {
      while (sent < total) {
        const n = Math.min(piece.length, total - sent);
        sent += n;
        if (!req.write(piece.subarray(0, n))) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

describe.each(["/pass", "/collect"])("admitBody %s", (path) => {
  it("passes bodies within the limit, declared or chunked, whole", async () => {
    expect(await send(path, LIMIT.bytes, true)).toMatchObject({ status: 200, text: `got ${LIMIT.bytes}` });
    expect(await send(path, LIMIT.bytes, false)).toMatchObject({ status: 200, text: `got ${LIMIT.bytes}` });
    expect(await send(path, 0, true)).toMatchObject({ status: 200, text: "got 0" });
  });

  it("answers 413 in the API's error shape to a declared length past the limit", async () => {
    const r = await fetch(`${url}${path}`, { method: "POST", body: Buffer.alloc(64 * 1024, 32) });
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ error: { code: "payload_too_large", message: LIMIT.message } });
  });

  it("counts a chunked body and answers 413 once it passes the limit", async () => {
    const r = await send(path, 512 * 1024, false);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text ?? "").error.code).toBe("payload_too_large");
  });

  it.each([true, false])("a client that reads while it sends 300 MiB (declared %s) hears the 413 before the cut", async (declared) => {
    const r = await send(path, 300 * MiB, declared);
    expect(r.status).toBe(413);
    expect(r.sent).toBeLessThan(300 * MiB);
  });

  it.each([true, false])("cuts a sender that keeps going without listening (declared %s), having read a bounded amount", async (declared) => {
    // A raw socket that writes 300 MiB whatever the server says, as a hostile client would.
    const sock = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
    const head = declared ? `content-length: ${300 * MiB}` : "transfer-encoding: chunked";
    sock.write(`POST ${path} HTTP/1.1\r\nhost: x\r\n${head}\r\n\r\n`);
    let answer = "";
    sock.on("data", (d) => (answer += d));
    sock.on("error", () => {});
    const piece = Buffer.alloc(64 * 1024, 32);
    const frame = declared ? piece : Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
    let sent = 0;
    const port = await new Promise<number>((r) => sock.once("connect", () => r(sock.localPort ?? 0)));
    await new Promise<void>((done) => {
      sock.on("close", () => done());
      const write = () => {
        while (!sock.destroyed && sent < 300 * MiB) {
          sent += piece.length;
          if (!sock.write(frame)) return void sock.once("drain", write);
        }
      };
      write();
    });
    await expect.poll(() => socketBytes.has(port)).toBe(true);
    expect(answer).toMatch(/^HTTP\/1.1 413/);
    expect(socketBytes.get(port)).toBeLessThan(2 * MiB); // the 1 MiB drain past the 8 KiB limit, and what was in flight
    expect(sent).toBeLessThan(300 * MiB);
  });
});

describe("admitBody with a streamed limit (image uploads count their own bytes on the way to disk)", () => {
  it("hands a chunked body past the limit to the route as it arrives, holding none of it", async () => {
    const r = await send("/streamed", 4 * LIMIT.bytes, false);
    expect(r.status).toBe(200);
    expect(r.text).toBe(`streamed ${4 * LIMIT.bytes}`);
  });

  it("still refuses a declared length past the limit before reading it", async () => {
    const r = await send("/streamed", LIMIT.bytes + 1, true);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text!).error.message).toBe(LIMIT.message);
  });
});
