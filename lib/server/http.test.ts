import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { decodeBody, parseJsonText, readJson, readOptionalJson, readRawBody } from "./http";

const KiB = 1024;

/** The AppError a call throws (or rejects with), as {code, message}. */
async function refusal(f: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await f();
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected a refusal");
}

/** A request whose body arrives in pieces without Content-Length, counting how many pieces were pulled. */
function chunkedRequest(pieces: number, size: number) {
  const state = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (state.pulled === pieces) return c.close();
      state.pulled++;
      c.enqueue(new Uint8Array(size).fill(32));
    },
  });
  return { req: new Request("http://x/api", { method: "POST", body, duplex: "half" } as RequestInit), state };
}

describe("readRawBody", () => {
  it("refuses a declared length past the limit before reading", async () => {
    const req = new Request("http://x/api", { method: "POST", body: "x".repeat(20 * KiB), headers: { "content-length": String(20 * KiB) } });
    expect(await refusal(() => readRawBody(req, 16 * KiB))).toEqual({ code: "payload_too_large", message: "Body exceeds the 16 KiB limit of this route." });
  });

  it("counts a body without Content-Length and stops reading once it passes the limit", async () => {
    const { req, state } = chunkedRequest(1000, 4 * KiB);
    expect((await refusal(() => readRawBody(req, 16 * KiB))).code).toBe("payload_too_large");
    expect(state.pulled).toBeLessThan(10);
    const small = chunkedRequest(4, 4 * KiB);
    expect((await readRawBody(small.req, 16 * KiB)).length).toBe(16 * KiB);
  });
});

describe("decodeBody", () => {
  it("bounds a gzip body once decompressed: a bomb is refused, not inflated", async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 32));
    expect(bomb.length).toBeLessThan(32 * KiB);
    expect(await refusal(() => decodeBody(bomb, "gzip", 16 * 1024 * 1024))).toEqual({
      code: "payload_too_large",
      message: "Decompressed body exceeds 16 MiB; send at most 16 MiB of JSON, compressed or not.",
    });
    expect(await decodeBody(gzipSync(Buffer.from('{"a":1}')), "gzip", 64)).toBe('{"a":1}');
  });

  it("refuses broken gzip, unknown encodings and bodies past the limit as sent", async () => {
    expect((await refusal(() => decodeBody(Buffer.from("not gzip"), "gzip", KiB))).code).toBe("bad_request");
    expect((await refusal(() => decodeBody(Buffer.from("x"), "br", KiB))).code).toBe("unsupported_media_type");
    expect((await refusal(() => decodeBody(Buffer.alloc(2 * KiB), null, KiB))).code).toBe("payload_too_large");
  });

  it("refuses invalid UTF-8 rather than storing U+FFFD, plain or gzip", async () => {
    const bad = Buffer.concat([Buffer.from('{"path":"/etc/'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    expect(await refusal(() => decodeBody(bad, null, KiB))).toEqual({
      code: "bad_request",
      message: "Body is not valid UTF-8; send it encoded as UTF-8 (file names in other encodings must be escaped).",
    });
    expect((await refusal(() => decodeBody(gzipSync(bad), "gzip", KiB))).code).toBe("bad_request");
    const overlong = Buffer.from([0x22, 0xc0, 0xaf, 0x22]); // "/" spelled in two bytes
    expect((await refusal(() => decodeBody(overlong, null, KiB))).code).toBe("bad_request");
    expect(await decodeBody(Buffer.from('"/srv/café/日本"'), null, KiB)).toBe('"/srv/café/日本"');
  });
});

describe("parseJsonText", () => {
  it("refuses nesting past 16 levels before parsing, and says where", async () => {
    expect(await refusal(() => parseJsonText("[".repeat(8 * 1024 * 1024)))).toEqual({
      code: "bad_request",
      message: "Body nests arrays and objects deeper than 16 levels (at character 16); nothing this API takes nests that deep.",
    });
    expect(parseJsonText("[".repeat(16) + "]".repeat(16))).toHaveLength(1);
  });

  it("refuses empty and malformed bodies", async () => {
    expect((await refusal(() => parseJsonText("  "))).message).toMatch(/empty/);
    expect((await refusal(() => parseJsonText("{nope"))).message).toMatch(/^Body is not valid JSON/);
  });
});

describe("readJson and readOptionalJson", () => {
  const post = (body: string) => new Request("http://x/api", { method: "POST", body });

  it("apply the same checks to every JSON body", async () => {
    expect(await readJson(post('{"a":[1]}'), KiB)).toEqual({ a: [1] });
    expect((await refusal(() => readJson(post("[".repeat(40)), KiB))).message).toMatch(/deeper than 16 levels/);
    expect(await readOptionalJson(post(""), KiB)).toEqual({});
    expect((await refusal(() => readOptionalJson(post("{".repeat(40)), KiB))).message).toMatch(/deeper than 16 levels/);
  });
});
