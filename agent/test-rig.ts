// What the agent tests that talk to a server share: one fake API and one fake root per file, and a state dir per
// test (not created: a test that needs a host key writes it), all removed afterwards.
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { type FakeApi, startFakeApi } from "./test-api";
import { buildFakeRoot, tempDir } from "./test-support";

export interface AgentRig {
  api: FakeApi;
  /** The fake root (--root). */
  root: string;
  /** This test's --state-dir (its parent is a fresh temporary directory). */
  state: string;
}

/** Registers the hooks; the rig's fields are set once they have run (read them inside tests and hooks). */
export function useAgentRig(): AgentRig {
  const rig = {} as AgentRig;
  let outside = "";
  beforeAll(async () => {
    rig.api = await startFakeApi();
    outside = tempDir("outside");
    rig.root = buildFakeRoot(outside);
  });
  afterAll(async () => {
    await rig.api.close();
    for (const dir of [rig.root, outside]) fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    rig.api.reset();
    rig.state = path.join(tempDir("state"), "fleetprint");
  });
  afterEach(() => fs.rmSync(path.dirname(rig.state), { recursive: true, force: true }));
  return rig;
}
