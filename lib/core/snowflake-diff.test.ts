import { describe, expect, it } from "vitest";
import { diffMember, scoreDiff } from "./snowflake-diff";
import { computeConsensus, prepareCohort, scoreMember, scoringContext, type CohortMember } from "./snowflake";
import { ItemTally } from "./snowflake-counts";
import { PHP_INI, plainFile, webHost } from "./test-fixtures";
import { deviatingReference, difference, variants } from "./test-variants";

describe("a fingerprint read as the reference and its difference", () => {
  // The second reference has reasons of its own: extra packages (php8.2-gd is on a minority of hosts, so its
  // conffile follows from it), a file of its own and a hand edit, which its variants keep, change or drop.
  const golden = webHost();
  const withGd = deviatingReference(golden);

  for (const [name, reference, seed] of [["the modal fingerprint", golden, 7], ["a deviating one", withGd, 11]] as const) {
    it(`scores and counts exactly as the whole fingerprint, against ${name}`, () => {
      const others = variants(reference, 60, seed);
      const cohort: CohortMember[] = [
        { hash: "golden", fingerprint: golden, hosts: 200 },
        { hash: "gd", fingerprint: withGd, hosts: 3 },
        ...others.map((fingerprint, i) => ({ hash: `v${i}`, fingerprint, hosts: 1 + (i % 4) })),
      ];
      for (const threshold of [undefined, 0.5]) {
        const ctx = scoringContext(computeConsensus(cohort), { threshold, maxReasons: 3 });
        const [base] = prepareCohort([{ hash: "ref", fingerprint: reference, hosts: 1 }]);
        const whole = new ItemTally();
        const diffs = new ItemTally();
        let read = 0;
        for (const [i, m] of prepareCohort(cohort.slice(2)).entries()) {
          const { added, removed } = difference(reference, others[i]);
          const d = diffMember(m.member.hash, base, added, removed, others[i].configs.length);
          expect(d, m.member.hash).not.toBeNull();
          read++;
          for (const configsCollected of [true, false]) {
            expect(scoreDiff(d!, ctx, { configsCollected }), `${m.member.hash} ${configsCollected}`).toEqual(scoreMember(m, ctx, { configsCollected }));
          }
          whole.add(m, m.member.hosts);
          diffs.addDiff(d!, m.member.hosts);
        }
        expect(read).toBe(60);
        expect(diffs.counts()).toEqual(whole.counts());
      }
    });
  }

  it("scores differently once a change is left out (the comparison can fail)", () => {
    const others = variants(golden, 20, 3);
    const ctx = scoringContext(computeConsensus([{ hash: "golden", fingerprint: golden, hosts: 20 }, ...others.map((fingerprint, i) => ({ hash: `v${i}`, fingerprint, hosts: 1 }))]));
    const [base] = prepareCohort([{ hash: "ref", fingerprint: golden, hosts: 1 }]);
    const own = others.findIndex((fp) => fp.configs.some((e) => e.path.startsWith("/etc/own/")));
    const { added, removed } = difference(golden, others[own]);
    const [m] = prepareCohort([{ hash: "v", fingerprint: others[own], hosts: 1 }]);
    const partial = diffMember("v", base, added.filter((e) => !e.path.startsWith("/etc/own/")), removed, 1)!;
    expect(scoreDiff(partial, ctx)).not.toEqual(scoreMember(m, ctx));
  });

  it("leaves to the whole reading what the difference cannot say", () => {
    const [base] = prepareCohort([{ hash: "ref", fingerprint: golden, hosts: 1 }]);
    const ini = golden.configs.find((e) => e.path === PHP_INI)!;
    // Removing an entry the reference does not hold at its path (a copy, or a path it holds twice).
    expect(diffMember("x", base, [], [{ ...ini }], 1)).toBeNull();
    expect(diffMember("x", base, [], [ini, ini], 1)).toBeNull();
    // Adding a path the reference holds, without removing its entry; adding one path twice.
    expect(diffMember("x", base, [{ ...ini, sha256: "0".repeat(64) }], [], 1)).toBeNull();
    expect(diffMember("x", base, [plainFile("/etc/a"), plainFile("/etc/a", "other")], [], 1)).toBeNull();
    // A changed file (its path out and in) is fine; ignored paths are dropped as preparing drops them.
    const changed = diffMember("x", base, [{ ...ini, sha256: "0".repeat(64) }, plainFile("/etc/network/interfaces")], [ini], 1);
    expect(changed?.added.map((e) => e.path)).toEqual([PHP_INI]);
    expect(changed?.removed).toEqual([ini]);
  });
});
