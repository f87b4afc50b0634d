import { describe, expect, it } from "vitest";
import { looksGzipped, parseBackupArgs, parseRestoreArgs } from "./backup-args";

describe("parseBackupArgs", () => {
  it("takes --out and defaults the folder and server from the environment", () => {
    expect(parseBackupArgs(["--out", "b.tar.gz"], { FLEETPRINT_DATA_DIR: "/srv/fp", PORT: "4000" })).toEqual({
      ok: true,
      args: { out: "b.tar.gz", dataDir: "/srv/fp", server: "http://127.0.0.1:4000", force: false },
    });
    expect(parseBackupArgs(["--out=b.tar.gz"], {})).toEqual({ ok: true, args: { out: "b.tar.gz", dataDir: ".data", server: "http://127.0.0.1:3000", force: false } });
  });

  it("prefers flags to the environment and trims a trailing slash of the server", () => {
    const r = parseBackupArgs(["--out", "x", "--data-dir", "d", "--server", "https://fp.example/", "--force"], { FLEETPRINT_URL: "http://other", FLEETPRINT_DATA_DIR: "e" });
    expect(r).toEqual({ ok: true, args: { out: "x", dataDir: "d", server: "https://fp.example", force: true } });
  });

  it("uses FLEETPRINT_URL when no --server is given", () => {
    const r = parseBackupArgs(["--out", "x"], { FLEETPRINT_URL: "https://fp.example" });
    expect(r.ok && r.args.server).toBe("https://fp.example");
  });

  it("refuses a missing --out, a flag without its value, an unknown flag and a server that is not a URL", () => {
    const messages = [[], ["--out"], ["--out", "--force"], ["--out", "x", "--oops"], ["--out", "x", "--server", "fp.example"]].map((a) => {
      const r = parseBackupArgs(a, {});
      return r.ok ? "accepted" : r.message.split("\n")[0];
    });
    expect(messages).toEqual([
      "--out FILE is required (where the .tar.gz goes)",
      "--out needs a value",
      "--out needs a value",
      'unknown argument "--oops"',
      '--server must be an http:// or https:// URL (got "fp.example")',
    ]);
  });
});

describe("parseRestoreArgs", () => {
  it("needs both the file and the folder: there is no default folder to restore over", () => {
    expect(parseRestoreArgs(["--in", "b.tar.gz", "--data-dir", "/srv/new"])).toEqual({ ok: true, args: { in: "b.tar.gz", dataDir: "/srv/new" } });
    const missing = [["--in", "b"], ["--data-dir", "d"]].map((a) => {
      const r = parseRestoreArgs(a);
      return r.ok ? "accepted" : r.message.split("\n")[0];
    });
    expect(missing).toEqual(["--data-dir DIR is required", "--in FILE is required"]);
    const forced = parseRestoreArgs(["--in", "b", "--data-dir", "d", "--force"]);
    expect(forced.ok).toBe(false);
  });
});

describe("looksGzipped", () => {
  it("knows gzip by its first two bytes", () => {
    expect(looksGzipped(new Uint8Array([0x1f, 0x8b, 8]))).toBe(true);
    expect(looksGzipped(new TextEncoder().encode("<html>"))).toBe(false);
    expect(looksGzipped(new Uint8Array([0x1f]))).toBe(false);
  });
});
