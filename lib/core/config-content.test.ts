import { describe, expect, it } from "vitest";
import { checkContent, CONTENT_DENY_RE, CONTENT_MAX_BYTES, isPrivatePath } from "./config-content";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("isPrivatePath", () => {
  it("denies shadow files and private keys by name", () => {
    for (const p of [
      "/etc/shadow",
      "/etc/shadow-",
      "/etc/gshadow",
      "/etc/ssl/private/site.pem",
      "/etc/nginx/site.key",
      "/etc/ssh/ssh_host_ed25519_key",
      "/etc/ssh/ssh_host_rsa_key.pub",
      "/root/.ssh/id_rsa",
      "/etc/app/id_ed25519.bak",
      "/etc/ipsec/server_key",
    ])
      expect(isPrivatePath(p), p).toBe(true);
  });
  it("allows ordinary config", () => {
    for (const p of ["/etc/php/8.2/apache2/php.ini", "/etc/passwd", "/etc/ssh/sshd_config", "/etc/keyboard", "/etc/apt/trusted.gpg.d/x.asc"])
      expect(isPrivatePath(p), p).toBe(false);
  });
});

describe("isPrivatePath against CONTENT_DENY_RE", () => {
  it("answers as the regex does for every path built from the words its branches need", () => {
    const parts = ["/etc", "/shadow", "/gshadow", "shadow", "/private/", "/private", "private/", ".key", "_key", "key", "/id_rsa", "/id_dsa", "/id_ecdsa", "/id_ed25519", "/id_", "/ssh_host_", "ssh_host_", "/x", ".pem", "/", "-", "\n"];
    let checked = 0;
    for (const a of parts) for (const b of parts) for (const c of parts) {
      const p = a + b + c;
      expect(isPrivatePath(p), p).toBe(CONTENT_DENY_RE.test(p));
      checked++;
    }
    expect(checked).toBe(parts.length ** 3);
  });
});

describe("checkContent", () => {
  it("takes small UTF-8 text", () => {
    expect(checkContent("/etc/php.ini", bytes("memory_limit = 128M\nÄ\n"))).toEqual({ ok: true, text: "memory_limit = 128M\nÄ\n" });
  });
  it("refuses each kind of content it must not keep", () => {
    expect(checkContent("/etc/shadow", bytes("root:x"))).toEqual({ ok: false, refusal: "private-path" });
    expect(checkContent(null, new Uint8Array(CONTENT_MAX_BYTES + 1).fill(65))).toEqual({ ok: false, refusal: "too-large" });
    expect(checkContent(null, new Uint8Array(CONTENT_MAX_BYTES).fill(65)).ok).toBe(true);
    expect(checkContent(null, bytes("a\0b"))).toEqual({ ok: false, refusal: "binary" });
    expect(checkContent(null, new Uint8Array([0x61, 0xe9, 0x0a]))).toEqual({ ok: false, refusal: "not-utf8" });
    expect(checkContent(null, bytes("-----BEGIN OPENSSH PRIVATE KEY-----\n"))).toEqual({ ok: false, refusal: "private-key" });
  });
});

describe("the agent's deny list", () => {
  it("denies exactly what the server denies, on a sample of paths", async () => {
    const fs = await import("node:fs");
    const script = fs.readFileSync(new URL("../../agent/fleetprint-agent.sh", import.meta.url), "utf8");
    const line = /content_ok\(\) \{\n\s*case \$1 in (.+?)\) return 1 ;; esac/.exec(script);
    expect(line, "content_ok's case line in agent/fleetprint-agent.sh").not.toBeNull();
    // sh glob → regular expression: * is any text (including /), everything else literal.
    const globs = line![1].split("|").map((g) => new RegExp(`^${g.replace(/[.+?^${}()[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`));
    const agentDenies = (p: string) => globs.some((g) => g.test(p));
    const sample = [
      "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/ssl/private/a.pem", "/etc/nginx/site.key", "/etc/ipsec/server_key",
      "/root/.ssh/id_rsa", "/root/.ssh/id_ed25519.pub", "/etc/ssh/ssh_host_rsa_key.pub", "/etc/passwd", "/etc/php/8.2/apache2/php.ini",
      "/etc/ssh/sshd_config", "/etc/keyboard", "/etc/default/keymap", "/etc/privateer.conf", "/etc/app/key.conf",
    ];
    for (const p of sample) expect(agentDenies(p), p).toBe(isPrivatePath(p));
  });
});
