// readReport's short way for an unchanged report (the content after the first line is the content the host
// carries): the same answer as the long way, or the long way whenever the short one cannot be sure.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { identify } from "@/lib/core/canonical";
import { contentDigestOf, layoutReport } from "@/lib/core/content-digest";
import { readReport, type Known } from "./read-report";

const report = JSON.parse(fs.readFileSync(path.join(process.cwd(), "fixtures", "debian-12", "report.json"), "utf8"));
const hash = identify(report).hash;
const laid = (fields: Record<string, unknown>) => Buffer.from(layoutReport({ ...report, collectedAt: "2026-12-01T10:00:00Z", hostname: "r-1", machineId: "m-1", ...fields }));
const digestOf = (b: Buffer) => {
  const d = contentDigestOf(b.toString("utf8"));
  if (!d.ok) throw new Error(d.reason);
  return d.digest;
};
const content = digestOf(laid({}));
const known: Known = { hash, content };
// A parse would throw on this content; the short way never parses it.
const unparsed = (b: Buffer) => Buffer.concat([b.subarray(0, b.indexOf(10) + 1), Buffer.from("not json at all")]);

describe("readReport of the content the host carries", () => {
  it("reads only the first line, and answers what the long way answers", async () => {
    const body = laid({ hostname: "r-2", machineId: "m-2" });
    const long = await readReport(body, null, null, { hash, content: null });
    const short = await readReport(body, null, null, known);
    expect(short).toEqual(long);
    expect(short).toEqual({ hash, packed: null, machineId: "m-2", content, collectorErrors: null });
    // With the claim, too; and a null machine id comes through as null.
    expect(await readReport(laid({ machineId: null }), null, content, known)).toMatchObject({ hash, machineId: null, content });
  });

  it("takes the long way when the content differs, and words its errors", async () => {
    const other = laid({ os: { ...report.os, kernel: "6.1.0-99-amd64" } });
    const read = await readReport(other, null, null, known);
    expect(read.hash).not.toBe(hash);
    expect(read.packed).not.toBeNull();
    // A known digest names content this server checked and stored: bytes that hash to it are not parsed again
    // (shown here with a digest no real store would hold), and other bytes are.
    const fake = unparsed(laid({}));
    expect(await readReport(fake, null, null, { hash, content: digestOf(fake) })).toMatchObject({ hash, packed: null, machineId: "m-1" });
    await expect(readReport(fake, null, null, known)).rejects.toThrow(/not valid JSON/);
  });

  it("takes the long way when the first line is not a valid report head, so the schema words it", async () => {
    await expect(readReport(laid({ hostname: "bad host" }), null, null, known)).rejects.toThrow(/hostname/);
    await expect(readReport(laid({ schema: 2 }), null, null, known)).rejects.toThrow(/schema/);
    // Collector errors go through the schema, and name no content.
    const errors = await readReport(laid({ collectorErrors: [{ collector: "rpm", message: "unreadable" }] }), null, null, known);
    expect(errors).toMatchObject({ hash, content: null, collectorErrors: [{ collector: "rpm", message: "unreadable" }] });
  });

  it("refuses a claim that does not match, as the long way does", async () => {
    await expect(readReport(laid({}), null, "0".repeat(64), known)).rejects.toThrow(/does not match the body/);
  });

  it("names no content when the content part repeats a per-host field with another value", async () => {
    const text = laid({}).toString("utf8").replace('"os":', '"machineId":"m-9",\n"os":');
    const read = await readReport(Buffer.from(text), null, null, null);
    expect(read).toMatchObject({ machineId: "m-9", content: null });
  });
});
