// Config paths whose drift matters first: who may log in, as whom, with which keys, what runs as root on a
// schedule or at boot, and where packages come from. One list, here: the drift order, the snowflake weight and
// the UI's explanation all read it.
import { compileGlobs } from "./glob";

export interface SecurityArea {
  /** Short name for a badge's title and the page's explanation. */
  area: string;
  globs: readonly string[];
}

export const SECURITY_AREAS: readonly SecurityArea[] = [
  { area: "sudoers", globs: ["/etc/sudoers", "/etc/sudoers.d/**"] },
  { area: "accounts", globs: ["/etc/passwd", "/etc/group", "/etc/shadow*", "/etc/gshadow*"] },
  { area: "sshd", globs: ["/etc/ssh/**"] },
  { area: "PAM", globs: ["/etc/pam.d/**", "/etc/security/**"] },
  { area: "cron", globs: ["/etc/crontab", "/etc/cron.*/**", "/var/spool/cron/**"] },
  { area: "systemd units", globs: ["/etc/systemd/system/**", "/lib/systemd/system/**", "/usr/lib/systemd/system/**"] },
  {
    area: "apt sources and keys",
    globs: ["/etc/apt/sources.list", "/etc/apt/sources.list.d/**", "/etc/apt/trusted.gpg*", "/etc/apt/trusted.gpg.d/**", "/etc/apt/keyrings/**", "/usr/share/keyrings/**"],
  },
];

export const SECURITY_GLOBS: readonly string[] = SECURITY_AREAS.flatMap((a) => a.globs);

/**
 * A security-relevant path's reason weighs this many times its kind weight in the snowflake score: a hand-edited
 * sudoers file is worth two hand-edited php.ini files.
 */
export const SECURITY_MULTIPLIER = 2;

const matches = compileGlobs(SECURITY_GLOBS);
const areaMatchers = SECURITY_AREAS.map((a) => [a.area, compileGlobs(a.globs)] as const);

/** Whether a config path is security-relevant. Package keys (no leading slash) never are. */
export function isSecurityPath(subject: string): boolean {
  return subject.startsWith("/") && matches(subject);
}

/** The area a security-relevant path belongs to ("sudoers"), or null. */
export function securityAreaOf(subject: string): string | null {
  if (!subject.startsWith("/")) return null;
  return areaMatchers.find(([, m]) => m(subject))?.[0] ?? null;
}

/** Sort helper: security-relevant subjects first, otherwise equal (callers chain their own order after it). */
export function compareSecurityFirst(a: string, b: string): number {
  return Number(isSecurityPath(b)) - Number(isSecurityPath(a));
}
