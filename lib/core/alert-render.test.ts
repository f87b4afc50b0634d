import { describe, expect, it } from "vitest";
import type { AlertEvent } from "./alert-kinds";
import { escapeSlack, renderGeneric, renderSlack, slackLine, summaryOf, type AlertBatch } from "./alert-render";

const at = new Date("2026-03-01T10:00:00Z");
const drifted = (h: string, n = 2): AlertEvent => ({ kind: "host-drifted", subject: h, at, detail: { hostname: h, driftItems: n, specVersion: 4, items: ["php5-gd: not in the spec (found 5.6.40)"] } });
const failed: AlertEvent = { kind: "rebuild-failed", subject: "0b5c1f8e-aaaa-bbbb-cccc-000000000000", at, detail: { host: "web-07", message: "Verification failed: still 3 drift item(s) <pending>" } };
const approval: AlertEvent = {
  kind: "rebuild-approval-needed",
  subject: "7f00aa11-0000-0000-0000-000000000000",
  at,
  detail: { hosts: ["w1", "w2", "w3", "w4", "w5", "w6"], hostCount: 6, reason: "php & apache drift", requestedBy: "Olivia", approvalsRequired: 1 },
};
const snowflake: AlertEvent = { kind: "snowflake-new", subject: "web-09", at, detail: { score: 3.25, reasons: ["php.ini edited by hand; hash shared by 1 of 40 hosts"] } };
const batch = (events: AlertEvent[], baseUrl: string | null = "https://fp.example.com"): AlertBatch => ({ fleet: "web", events, baseUrl });

describe("renderGeneric", () => {
  it("is one JSON document with a summary, counts, events and links", () => {
    const doc = JSON.parse(renderGeneric(batch([drifted("web-01"), failed])));
    expect(doc).toMatchObject({
      type: "fleetprint.alerts",
      fleet: "web",
      summary: "1 host started drifting, 1 rebuild failed",
      counts: { "host-drifted": 1, "rebuild-failed": 1 },
      url: "https://fp.example.com/fleets/web",
    });
    expect(doc.events).toEqual([
      { kind: "host-drifted", subject: "web-01", detail: drifted("web-01").detail, at: at.toISOString(), url: "https://fp.example.com/fleets/web/hosts/web-01" },
      { kind: "rebuild-failed", subject: failed.subject, detail: failed.detail, at: at.toISOString(), url: `https://fp.example.com/rebuilds/${failed.subject}` },
    ]);
    expect(doc.omitted).toBeUndefined();
  });

  it("lists the first 100 per kind of a storm and counts the rest", () => {
    const doc = JSON.parse(renderGeneric(batch(Array.from({ length: 500 }, (_, i) => drifted(`h${i}`)), null)));
    expect(doc.counts).toEqual({ "host-drifted": 500 });
    expect(doc.events).toHaveLength(100);
    expect(doc.omitted).toEqual({ "host-drifted": 400 });
    expect(doc.url).toBeUndefined();
    expect(doc.events[0].url).toBeUndefined();
  });

  it("says when it is a test", () => {
    const doc = JSON.parse(renderGeneric({ fleet: "web", events: [], baseUrl: null, test: true }));
    expect(doc).toMatchObject({ type: "fleetprint.test", counts: {}, events: [] });
    expect(summaryOf({ fleet: "web", events: [], baseUrl: null, test: true })).toMatch(/Test message for fleet web/);
  });
});

describe("renderSlack", () => {
  it("follows the incoming-webhook shape: text plus mrkdwn sections", () => {
    const msg = JSON.parse(renderSlack(batch([drifted("web-01"), drifted("web-02", 1), snowflake, approval, failed])));
    expect(msg.text).toBe("Fleetprint · web: 2 hosts started drifting, 1 new snowflake, 1 rebuild needs approval, 1 rebuild failed");
    expect(msg.blocks).toHaveLength(5);
    for (const b of msg.blocks) expect(b).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
    const texts: string[] = msg.blocks.map((b: { text: { text: string } }) => b.text.text);
    expect(texts[0]).toBe("*Fleetprint* · <https://fp.example.com/fleets/web|web>: 2 hosts started drifting, 1 new snowflake, 1 rebuild needs approval, 1 rebuild failed");
    expect(texts[1]).toBe(
      "*Started drifting from the spec (2)*\n" +
        "• <https://fp.example.com/fleets/web/hosts/web-01|web-01> — 2 drift items against spec v4: php5-gd: not in the spec (found 5.6.40)\n" +
        "• <https://fp.example.com/fleets/web/hosts/web-02|web-02> — 1 drift item against spec v4: php5-gd: not in the spec (found 5.6.40)",
    );
    expect(texts[2]).toContain("web-09> — score 3.3: php.ini edited by hand");
    expect(texts[3]).toBe(
      "*Rebuilds waiting for approval (1)*\n• <https://fp.example.com/rebuilds/7f00aa11-0000-0000-0000-000000000000|request 7f00aa11> by Olivia: 6 hosts (w1, w2, w3, w4, w5, …) — “php &amp; apache drift”",
    );
    expect(texts[4]).toContain(": web-07 — Verification failed: still 3 drift item(s) &lt;pending&gt;");
  });

  it("names ten hosts of a storm and counts the rest", () => {
    const msg = JSON.parse(renderSlack(batch(Array.from({ length: 500 }, (_, i) => drifted(`web-${i}`)))));
    const text: string = msg.blocks[1].text.text;
    expect(text.split("\n").filter((l) => l.startsWith("• "))).toHaveLength(10);
    expect(text).toMatch(/\n…and 490 more$/);
  });

  it("keeps a section within Slack's 3,000 characters by counting what does not fit", () => {
    const long = (h: string): AlertEvent => ({ ...drifted(h), detail: { driftItems: 1, items: ["x".repeat(190)] } });
    const events = Array.from({ length: 10 }, (_, i) => long(`${"h".repeat(240)}-${i}`));
    const text: string = JSON.parse(renderSlack(batch(events))).blocks[1].text.text;
    expect(text.length).toBeLessThanOrEqual(3000);
    const listed = text.split("\n").filter((l) => l.startsWith("• ")).length;
    expect(listed).toBeLessThan(10);
    expect(text).toMatch(new RegExp(`…and ${10 - listed} more$`));
  });

  it("writes names in bold without a dashboard URL, and escapes them", () => {
    expect(slackLine(batch([], null), { ...snowflake, subject: "a<b>" })).toBe("*a&lt;b&gt;* — score 3.3: php.ini edited by hand; hash shared by 1 of 40 hosts");
    expect(escapeSlack("<!channel> & co")).toBe("&lt;!channel&gt; &amp; co");
  });

  it("renders a test message", () => {
    const msg = JSON.parse(renderSlack({ fleet: "web", events: [], baseUrl: null, test: true }));
    expect(msg.text).toBe("Fleetprint test message for fleet web: alerts will arrive here.");
    expect(msg.blocks[0].text.text).toContain("*web*");
  });
});

describe("host-not-reporting", () => {
  it("says when the host was last seen and links to it", () => {
    const e: AlertEvent = { kind: "host-not-reporting", subject: "db-03", at, detail: { lastSeen: "2026-11-27T08:15:00.000Z", intervalMinutes: 180 } };
    expect(slackLine(batch([e]), e)).toBe("<https://fp.example.com/fleets/web/hosts/db-03|db-03> — last seen 2026-11-27 08:15 UTC (expected every 180 min)");
  });
});
