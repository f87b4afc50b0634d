// The layer rules, run through ESLint with the repository's own config: each forbidden import is reported with its
// message, and the allowed ones pass. A config edit that silently drops a rule fails here.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const use = (spec: string) => `${spec}\nexport const used = [x];\n`;

describe("layer rules", () => {
  it.each([
    ["lib/core/x.ts", 'import { x } from "@/db/client";', "lib/core is pure"],
    ["lib/core/x.ts", 'import { x } from "@/lib/services/list-hosts";', "lib/core imports nothing of the app"],
    ["lib/core/x.ts", 'import { x } from "../server/auth";', "lib/core imports nothing of the app"],
    ["lib/core/x.ts", 'import { x } from "next/navigation";', "lib/core has no framework"],
    ["lib/core/x.ts", 'import x from "node:fs";', "lib/core does no I/O"],
    ["components/x.tsx", 'import { x } from "@/app/rebuilds/actions";', "a server action arrives as a prop"],
    ["components/x.tsx", 'import { x } from "@/db/schema";', "components/ never touches the database"],
    ["components/x.tsx", 'import { x } from "@/lib/server/auth";', "may import only types from server code"],
    ["components/x.tsx", 'import { x } from "next/headers";', "read request headers in lib/server"],
    ["db/schema/x.ts", 'import { x } from "../../lib/core/types";', "db/ never imports lib/"],
    ["db/x.ts", 'import { x } from "@/lib/server/log";', "db/ never imports lib/"],
    ["lib/services/x.ts", 'import { x } from "@/app/rebuilds/actions";', "lib/services never imports app/"],
    ["lib/services/x.ts", 'import type { x } from "@/components/rebuilds/status";', "lib/services never imports components/"],
    ["model/x.ts", 'import { x } from "@/lib/core/types";', "model/ is the vocabulary every layer shares"],
  ])("%s: %s is refused", async (file, spec, message) => {
    // (A server module's missing marker is its own rule, tested below.)
    const found = (await problems(file, use(spec))).filter((p) => !p.startsWith("fleetprint/server-only-marker"));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("no-restricted-imports");
    expect(found[0]).toContain(message);
  });

  it.each([
    ["lib/core/x.ts", 'import { x } from "./types";'],
    ["lib/core/x.ts", 'import { x } from "@/model/roles";'],
    ["lib/core/x.test.ts", 'import x from "node:fs";'],
    ["components/x.tsx", 'import type { x } from "@/lib/services/list-hosts";'],
    ["db/schema/x.ts", 'import { x } from "../../model/roles";'],
    ["lib/services/x.ts", 'import "server-only";\nimport { x } from "@/db/client";'],
    ["app/x/page.tsx", 'import { x } from "@/lib/services/list-hosts";'],
  ])("%s: %s is allowed", async (file, spec) => {
    expect(await problems(file, use(spec))).toEqual([]);
  });
});

describe("client modules", () => {
  it("may not import server code, except types", async () => {
    const found = await problems("app/x/x-client.tsx", `"use client";\n${use('import { x } from "@/lib/services/list-hosts";')}`);
    expect(found).toEqual([expect.stringContaining("fleetprint/no-server-code-in-client")]);
    expect(await problems("app/x/x-client.tsx", `"use client";\n${use('import type { x } from "@/lib/services/list-hosts";')}`)).toEqual([]);
    // The same import in a server module is the normal case.
    expect(await problems("app/x/page.tsx", use('import { x } from "@/lib/services/list-hosts";'))).toEqual([]);
  });
});

describe("server modules", () => {
  it("begin with the server-only marker, unless they only declare types", async () => {
    const code = use('import { x } from "@/db/client";');
    expect(await problems("lib/services/x.ts", code)).toEqual([expect.stringContaining("fleetprint/server-only-marker")]);
    expect(await problems("lib/providers/x.ts", code)).toEqual([expect.stringContaining("fleetprint/server-only-marker")]);
    expect(await problems("lib/services/x.ts", `import "server-only";\n${code}`)).toEqual([]);
    expect(await problems("lib/providers/types.ts", "export type X = { a: number };\nexport interface Y { b: string }\n")).toEqual([]);
    // Tests and the pure core run outside Next and carry no marker.
    expect(await problems("lib/services/x.test.ts", code)).toEqual([]);
    expect(await problems("lib/core/x.ts", "export const x = 1;\n")).toEqual([]);
  });
});

describe("disable comments", () => {
  it("need a reason on the same line", async () => {
    const bare = await problems("lib/core/x.ts", "// eslint-disable-next-line no-control-regex\nexport const re = /\\x00/;\n");
    expect(bare).toEqual([expect.stringContaining("fleetprint/disable-needs-reason")]);
    expect(await problems("lib/core/x.ts", "// eslint-disable-next-line no-control-regex -- NUL on purpose\nexport const re = /\\x00/;\n")).toEqual([]);
  });
});
