import { describe, expect, it } from "vitest";
import { queryKeys } from "./query-keys";

/** react-query matches by prefix: a key is invalidated by every shorter key it starts with. */
const startsWith = (key: readonly unknown[], prefix: readonly unknown[]) => prefix.every((p, i) => key[i] === p);

describe("queryKeys", () => {
  it("nests every key under its area, so invalidating an area refreshes all of it", () => {
    expect(startsWith(queryKeys.rebuilds.pendingCount(), queryKeys.rebuilds.all())).toBe(true);
    expect(startsWith(queryKeys.rebuilds.detail("r1"), queryKeys.rebuilds.all())).toBe(true);
    expect(startsWith(queryKeys.hosts.search("web"), queryKeys.hosts.all())).toBe(true);
    expect(startsWith(queryKeys.hosts.configDiff("f", "h", "/etc/x", "spec"), queryKeys.hosts.all())).toBe(true);
    expect(startsWith(queryKeys.fleets.list(), queryKeys.fleets.all())).toBe(true);
  });

  it("keeps different arguments apart", () => {
    expect(queryKeys.rebuilds.detail("a")).not.toEqual(queryKeys.rebuilds.detail("b"));
    expect(queryKeys.hosts.configDiff("f", "h", "/etc/x", "spec")).not.toEqual(queryKeys.hosts.configDiff("f", "h", "/etc/x", "host:web-2"));
    expect(startsWith(queryKeys.rebuilds.pendingCount(), queryKeys.rebuilds.detail("pending-count"))).toBe(false);
  });
});
