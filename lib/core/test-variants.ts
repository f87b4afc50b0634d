// Fingerprints that differ from a reference in a few config entries (as most distinct fingerprints of a fleet do),
// for the tests that hold the analysis by difference equal to the whole one (snowflake-diff, drift-diff).
import { conffile, deb, PHP, PHP_INI, plainFile, symlink, withConfigs, withoutConfigs, withPackages } from "./test-fixtures";
import type { ConfigEntry, Fingerprint } from "./types";

// A small deterministic generator: the same variants on every run.
export function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** Variants of `base` that differ in a few config entries only, as most distinct fingerprints of a fleet do. */
export function variants(base: Fingerprint, n: number, seed: number): Fingerprint[] {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out: Fingerprint[] = [];
  for (let i = 0; i < n; i++) {
    let fp = base;
    for (let k = 0, changes = 1 + Math.floor(r() * 3); k < changes; k++) {
      const path = pick(fp.configs).path;
      switch (Math.floor(r() * 8)) {
        case 0: fp = withoutConfigs(fp, path); break; // a file gone (a majority path: config-missing)
        case 1: fp = withConfigs(fp, plainFile(`/etc/own/${i}-${k}.conf`)); break; // a file of its own
        case 2: fp = withConfigs(fp, conffile(PHP_INI, "libapache2-mod-php8.2", `memory_limit = ${i % 3}G`, true)); break; // edited by hand, shared by some
        case 3: fp = withConfigs(fp, plainFile("/etc/ssh/sshd_config", `PermitRootLogin ${i % 2 ? "yes" : "no"}`)); break; // security path
        case 4: fp = withConfigs(fp, plainFile("/etc/network/interfaces", `address 10.0.0.${i}`)); break; // ignored path
        case 5: fp = withConfigs(fp, conffile("/etc/php/8.2/mods-available/gd.ini", "php8.2-gd")); break; // follows a deviating package
        case 6: fp = withConfigs(fp, symlink("/etc/localtime", `/usr/share/zoneinfo/Europe/${i % 2 ? "Paris" : "Oslo"}`)); break;
        default: fp = withoutConfigs(fp, "/etc/php/8.2/mods-available/gd.ini"); break;
      }
    }
    out.push(fp);
  }
  return out;
}

/** added/removed the way the analysis finds them: by the items (here the objects) one has and the other has not. */
export function difference(base: Fingerprint, fp: Fingerprint): { added: ConfigEntry[]; removed: ConfigEntry[] } {
  const had = new Set(base.configs);
  const has = new Set(fp.configs);
  return { added: fp.configs.filter((e) => !had.has(e)), removed: base.configs.filter((e) => !has.has(e)) };
}

/**
 * `golden` with reasons and drift of its own, as a second reference: packages only some hosts have (php8.2-gd and
 * its conffile), a file of its own and a hand edit, which its variants keep, change or drop.
 */
export function deviatingReference(golden: Fingerprint): Fingerprint {
  return withConfigs(
    withPackages(golden, deb("php8.2-gd", PHP), deb("libgd3", "2.3.3-9")),
    conffile("/etc/php/8.2/mods-available/gd.ini", "php8.2-gd"),
    plainFile("/etc/own/reference.conf"),
    conffile(PHP_INI, "libapache2-mod-php8.2", "memory_limit = 9G", true),
  );
}
