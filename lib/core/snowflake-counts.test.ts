import { describe, expect, it } from "vitest";
import { addItems, comparisonItems, configItemPrefix, consensusFromCounts, ItemTally } from "./snowflake-counts";
import { computeConsensus, prepareCohort, scoreMember, scoreSnowflakes, scoringContext, type CohortMember } from "./snowflake";
import { conffile, deb, PHP, PHP_INI, plainFile, symlink, webHost, withConfigs, withPackages } from "./test-fixtures";

const base = webHost();
const cohort: CohortMember[] = [
  { hash: "golden", fingerprint: base, hosts: 30 },
  { hash: "gd", fingerprint: withPackages(base, deb("php8.2-gd", PHP), deb("libgd3", "2.3.3-9")), hosts: 6 },
  { hash: "edited", fingerprint: withConfigs(base, conffile(PHP_INI, "libapache2-mod-php8.2", "memory_limit = 2048M", true)), hosts: 1 },
  { hash: "odd", fingerprint: withConfigs(base, plainFile("/etc/sudoers.d/ops", "ALL"), symlink("/etc/php.ini", "/tmp/x\u001fy")), hosts: 1 },
];

function countsOf(members: readonly CohortMember[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of prepareCohort(members)) addItems(counts, comparisonItems(m), m.member.hosts);
  return counts;
}

describe("ItemTally", () => {
  it("counts what addItems(comparisonItems) counts, with hosts added and taken away", () => {
    // Shared entry objects (as the item cache gives them) and equal entries that are distinct objects.
    const members = prepareCohort([...cohort, { hash: "copy", fingerprint: structuredClone(cohort[2].fingerprint), hosts: 2 }]);
    const weights = [30, -4, 1, 1, 2, 5];
    const tally = new ItemTally();
    const expected = new Map<string, number>();
    members.forEach((m, i) => {
      tally.add(m, weights[i]);
      addItems(expected, comparisonItems(m), weights[i]);
    });
    tally.add(members[1], 4); // back to zero for gd's own items
    addItems(expected, comparisonItems(members[1]), 4);
    expect(tally.counts()).toEqual(expected);
    expect(new ItemTally().counts()).toEqual(new Map());
  });
});

describe("consensus kept as item counts", () => {
  it("rebuilds the same consensus as the fingerprints themselves", () => {
    const fromCounts = consensusFromCounts(countsOf(cohort), 38);
    expect(fromCounts).toEqual(computeConsensus(cohort));
  });

  it("keeps the hosts that report config files apart (imports without configs)", () => {
    const mixed: CohortMember[] = [...cohort, { hash: "sbom", fingerprint: { ...base, configs: [] }, hosts: 12, configsCollected: false }];
    expect(consensusFromCounts(countsOf(mixed), 50, 38)).toEqual(computeConsensus(mixed));
    expect(computeConsensus(mixed)).toMatchObject({ hosts: 50, configHosts: 38 });
  });

  it("scores every member as the whole-cohort scorer does", () => {
    const ctx = scoringContext(consensusFromCounts(countsOf(cohort), 38));
    const whole = scoreSnowflakes(cohort);
    const members = prepareCohort(cohort);
    expect(members.map((m) => m.member.hash).sort()).toEqual(cohort.map((c) => c.hash).sort());
    for (const m of members) expect(scoreMember(m, ctx)).toEqual(whole.get(m.member.hash));
    expect(whole.get("edited")!.isSnowflake).toBe(true);
  });

  it("moves by what changed: removing a fingerprint's hosts undoes its counts exactly", () => {
    const counts = countsOf(cohort);
    const [gd] = prepareCohort([cohort[1]]);
    addItems(counts, comparisonItems(gd), -6);
    const remaining = [...counts].filter(([, n]) => n !== 0);
    expect(new Map(remaining)).toEqual(countsOf(cohort.filter((m) => m.hash !== "gd")));
  });

  it("keeps separators inside paths and link targets unambiguous", () => {
    const items = comparisonItems(prepareCohort([cohort[3]])[0]);
    expect(items.some((i) => JSON.parse(i)[2] === "symlink:/tmp/x\u001fy")).toBe(true);
  });

  it("finds a path's config items by their prefix, and only that path's", () => {
    const items = comparisonItems(prepareCohort([cohort[3]])[0]);
    expect(items.filter((i) => i.startsWith(configItemPrefix("/etc/php.ini"))).map((i) => JSON.parse(i)[1])).toEqual(["/etc/php.ini"]);
    expect(items.some((i) => i.startsWith(configItemPrefix("/etc/php")))).toBe(false);
  });

  it("scores a member the cohort has not counted yet as unique, without failing", () => {
    const ctx = scoringContext(consensusFromCounts(countsOf(cohort.slice(0, 2)), 36));
    const r = scoreMember(prepareCohort([cohort[3]])[0], ctx);
    expect(r.score).toBeGreaterThan(0);
  });
});
