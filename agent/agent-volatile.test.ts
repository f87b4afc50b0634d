// The agent leaves out the files the server drops from every fingerprint (VOLATILE_PATHS), so identical hosts send
// identical content. Its list is an awk regular expression: held equal to the server's globs here, by text and by
// what it matches under every awk the agent runs with.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { compileGlobs, globToEre } from "@/lib/core/glob";
import { VOLATILE_PATHS } from "@/lib/core/host-specific";
import { AGENT, BUSYBOX } from "./test-support";

const script = fs.readFileSync(AGENT, "utf8");
const inAgent = /^VOLATILE_RE='([^']*)'$/m.exec(script)?.[1];
const expected = `^(${VOLATILE_PATHS.map(globToEre).join("|")})$`;

const SAMPLES = [
  "/etc/hostname", "/etc/hostname.bak", "/etc/hosts", "/etc/hosts.allow", "/etc/machine-id", "/var/lib/dbus/machine-id",
  "/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_ed25519_key.pub", "/etc/ssh/sshd_config", "/etc/ssh/ssh_host_x/y",
  "/etc/passwd-", "/etc/shadow-", "/etc/apt/sources.list-", "/etc/passwd", "/etc/resolv.conf", "/etc/resolvXconf",
  "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/.pwd.lock", "/etc/lvm/backup/vg0", "/etc/lvm/archive/a/b", "/etc/lvm/lvm.conf",
  "/etc/netplan/50-cloud-init.yaml", "/etc/netplan/01-netcfg.yaml", "/etc/network/interfaces.d/50-cloud-init.cfg",
  "/etc/network/interfaces.d/eth0", "/etc/udev/rules.d/70-persistent-net.rules", "/etc/fleetprint/host-key",
  "/etc/apt/apt.conf.d/01autoremove-kernels", "/etc/apt/apt.conf.d/01autoremove", "/etc/new\\nline-",
];

function awkMatches(awk: string[], re: string): string[] {
  const out = execFileSync(awk[0], [...awk.slice(1), '$0 ~ ENVIRON["RE"] { print }'], { input: `${SAMPLES.join("\n")}\n`, env: { ...process.env, RE: re } });
  return out.toString("utf8").split("\n").filter(Boolean);
}

describe("the agent's volatile paths", () => {
  it("are the server's VOLATILE_PATHS, written as an extended regular expression", () => {
    expect(inAgent, "update VOLATILE_RE in agent/fleetprint-agent.sh to this value").toBe(expected);
  });

  const volatile = compileGlobs(VOLATILE_PATHS);
  const wanted = SAMPLES.filter((p) => volatile(p));
  it.each([["awk"], ...(BUSYBOX ? [[`${BUSYBOX} awk`]] : [])])("match what the server's globs match under %s", (awk) => {
    expect(wanted.length).toBeGreaterThan(10);
    expect(awkMatches(awk.split(" "), inAgent!)).toEqual(wanted);
  });
});
