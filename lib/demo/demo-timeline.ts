import "server-only";
// The demo's four months, as events. Mutable: hosts patched in place (php-gd on a few, php.ini tuned on one,
// upgrades that reach only part of the fleet). Immutable: every new spec version is a new image, a canary
// is built and captured as the golden host, the rest are replaced; one rebuild fails and one person SSHes in to hot-fix apache2.conf.
import {
  EXTRAS,
  addFile,
  buildHost,
  bumpVersion,
  cloneHost,
  editConfig,
  install,
  upgrade,
  type BaseImage,
  type HostState,
} from "./demo-hosts";

export interface EventResult {
  built?: HostState[];
  rebuilt?: HostState[];
  changed?: string[];
  captureFrom?: string;
}

export interface DemoEvent {
  fleet: string;
  day: number;
  hour: number;
  apply: () => EventResult;
}

interface Ctx {
  base: BaseImage;
  hostsOf: (fleet: string) => HostState[];
  get: (hostname: string) => HostState | undefined;
}

/** Security-update waves, by package names as Debian ships them. */
const WAVES: string[][] = [
  ["openssl", "libssl3", "curl", "libcurl4", "libcurl3-gnutls"],
  ["apache2", "apache2-bin", "apache2-data", "apache2-utils", "php8.2", "php8.2-cli", "php8.2-common", "php8.2-opcache", "php8.2-readline", "php8.2-mysql", "libapache2-mod-php8.2"],
  ["libc6", "libc-bin", "libc-l10n", "locales", "tzdata", "linux-image-amd64"],
  ["openssl", "libssl3", "systemd", "libsystemd0", "libudev1", "udev", "systemd-sysv", "openssh-server", "openssh-client", "openssh-sftp-server"],
];
const WAVE_DAYS = [20, 50, 80, 110];
const KERNELS = ["6.1.0-28-amd64", "6.1.0-28-amd64", "6.1.0-28-amd64", "6.1.0-31-amd64", "6.1.0-31-amd64"];

/** The versions each wave brings, computed once from the base image so both fleets see the same releases. */
function waveVersions(base: BaseImage): Map<string, string>[] {
  const current = new Map(base.packages.map((p) => [p.name, p.version]));
  return WAVES.map((names) => {
    const v = new Map<string, string>();
    for (const n of names) {
      const cur = current.get(n);
      if (!cur) continue;
      const to = bumpVersion(cur);
      v.set(n, to);
      current.set(n, to);
    }
    return v;
  });
}

const pad = (n: number) => String(n).padStart(2, "0");

export function mutableEvents(ctx: Ctx, count: number): DemoEvent[] {
  const fleet = "web-mutable";
  const versions = waveVersions(ctx.base);
  const ev = (day: number, hour: number, apply: () => EventResult): DemoEvent => ({ fleet, day, hour, apply });
  const touch = (names: string[], f: (h: HostState) => void) => () => {
    const changed: string[] = [];
    for (const n of names) {
      const h = ctx.get(n);
      if (h) {
        f(h);
        changed.push(n);
      }
    }
    return { changed };
  };
  const initial = Math.max(4, count - 4);
  const names = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `web-${pad(from + i)}`);
  // Which hosts an upgrade wave reaches: a deterministic, uneven slice, as `apt-get upgrade` by hand is.
  const reached = (wave: number, share: number) =>
    ctx.hostsOf(fleet).filter((h) => ((Number(h.hostname.slice(4)) * (wave + 3) * 7) % 100) / 100 < share);
  const waveEvent = (w: number, share: number) =>
    ev(WAVE_DAYS[w] + 1, 10, () => {
      const hs = reached(w, share);
      for (const h of hs) {
        upgrade(h, [...versions[w].keys()], versions[w]);
        if (w === 2 && Number(h.hostname.slice(4)) % 3 === 0) h.kernel = KERNELS[3]; // rebooted after the kernel update
      }
      return { changed: hs.map((h) => h.hostname) };
    });

  return [
    ev(0, 8, () => ({ built: names(1, initial).map((n) => buildHost(ctx.base, n, "v1")) })),
    ev(0, 9, () => ({ captureFrom: "web-01" })),
    ev(12, 14, touch(["web-03", "web-07", "web-12", "web-19"], (h) => install(h, EXTRAS.phpGd))),
    waveEvent(0, 0.85),
    ev(30, 16, touch(["web-17"], (h) => editConfig(h, "/etc/php/8.2/apache2/php.ini", "memory_limit=1G"))),
    ev(35, 9, () => {
      // New capacity, built from a newer image than the rest: snowflakes of a different kind.
      const built = names(initial + 1, count).map((n) => {
        const h = buildHost(ctx.base, n, "v2");
        upgrade(h, [...versions[0].keys()], versions[0]);
        return h;
      });
      return { built };
    }),
    ev(45, 11, touch(["web-22"], (h) => editConfig(h, "/etc/apache2/apache2.conf", "KeepAliveTimeout 30"))),
    waveEvent(1, 0.6),
    ev(62, 15, touch(["web-05"], (h) => install(h, EXTRAS.debugging))),
    ev(70, 10, () => ({ captureFrom: "web-02" })),
    waveEvent(2, 0.7),
    ev(90, 13, touch(["web-10", "web-11", "web-12"], (h) => install(h, EXTRAS.redis))),
    ev(100, 17, touch(["web-31", "web-32"], (h) => editConfig(h, "/etc/ssh/sshd_config", "PermitRootLogin prohibit-password"))),
    ev(105, 12, touch(["web-08"], (h) => editConfig(h, "/etc/php/8.2/apache2/php.ini", "upload_max_filesize=64M"))),
    waveEvent(3, 0.5),
    ev(116, 14, touch(["web-26"], (h) => {
      install(h, EXTRAS.imagemagick);
      addFile(h, "/etc/ImageMagick-6/policy.xml", "local");
    })),
  ];
}

export function immutableEvents(ctx: Ctx, count: number): DemoEvent[] {
  const fleet = "web-immutable";
  const versions = waveVersions(ctx.base);
  const ev = (day: number, hour: number, apply: () => EventResult): DemoEvent => ({ fleet, day, hour, apply });
  const names = Array.from({ length: count }, (_, i) => `iweb-${pad(i + 1)}`);
  // Each image is the previous one plus the next wave; built by CI the day after the release.
  const images: HostState[] = [buildHost(ctx.base, "image", "v1")];
  for (let w = 0; w < WAVES.length; w++) {
    const img = cloneHost(images[w]);
    upgrade(img, [...versions[w].keys()], versions[w]);
    if (w >= 2) img.kernel = KERNELS[3];
    images.push(img);
  }
  let builds = 0;
  const fromImage = (v: number, hostname: string) => {
    const h = cloneHost(images[v]);
    const fresh = buildHost(ctx.base, hostname, `image-v${v}-${++builds}`);
    // Host-specific files and identity are per host; everything else is the image's.
    for (const p of ["/etc/hostname", "/etc/hosts", "/etc/machine-id", "/etc/ssh/ssh_host_ed25519_key.pub"]) h.configs.set(p, fresh.configs.get(p)!);
    return { ...h, hostname, machineId: fresh.machineId };
  };
  const events: DemoEvent[] = [
    ev(0, 8, () => ({ built: names.map((n) => fromImage(0, n)) })),
    ev(0, 9, () => ({ captureFrom: names[0] })),
  ];
  WAVE_DAYS.forEach((d, w) => {
    const v = w + 1;
    // Canary first, captured as the golden host for the new spec version, then the rest in two batches.
    events.push(ev(d + 1, 9, () => ({ rebuilt: [fromImage(v, names[0])], captureFrom: names[0] })));
    // The last rollout leaves iweb-07 behind: its rebuild failed and nobody retried yet.
    const rest = names.slice(1).filter((n) => !(v === WAVES.length && n === "iweb-07"));
    const half = Math.ceil(rest.length / 2);
    events.push(ev(d + 1, 15, () => ({ rebuilt: rest.slice(0, half).map((n) => fromImage(v, n)) })));
    events.push(ev(d + 2, 10, () => ({ rebuilt: rest.slice(half).map((n) => fromImage(v, n)) })));
  });
  events.push(
    ev(116, 22, () => {
      const h = ctx.get("iweb-19");
      if (!h) return {};
      editConfig(h, "/etc/apache2/apache2.conf", "hotfix: MaxRequestWorkers 400");
      return { changed: ["iweb-19"] };
    }),
  );
  return events;
}
