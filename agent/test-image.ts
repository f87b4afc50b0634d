// Real images for the agent's --image tests, built here without a Docker engine: umoci makes an OCI layout (layers,
// whiteouts), hand-made layers add an opaque directory and a link pointing out of the image, skopeo turns the layout
// into a docker-archive, and tar makes a tar of the layout.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect } from "vitest";
import { parseReport } from "@/lib/core/parse-report";
import type { AgentReport } from "@/lib/core/types";
import { AGENT, FAKE_FILES, fakeStatus, runAgent, tempDir } from "./test-support";

const has = (tool: string) => (process.env.PATH ?? "").split(":").some((d) => fs.existsSync(path.join(d, tool)));
/** Debian packages umoci and skopeo (.ci/run installs them). */
export const IMAGE_TOOLS_PRESENT = has("umoci") && has("skopeo");
export const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] }).toString();

export interface TestImages {
  work: string;
  /** A host folder the image's link names: it must stay empty. */
  outside: string;
  /** OCI layout with tags v1, v2, v3 (v3: four layers). */
  layout: string;
  ociTar: string;
  /** docker-archive of v3, tagged example.com/web:3 (and the same gzipped, at dockerTar + ".gz"). */
  dockerTar: string;
  /** /etc, and `outside`: inside the image, that is where the file below the link lands. */
  configPaths: string;
  /** --root on the tree umoci unpacks from v3. */
  reference: AgentReport;
}

export function write(root: string, p: string, text: string) {
  fs.mkdirSync(path.dirname(root + p), { recursive: true });
  fs.writeFileSync(root + p, text);
}

/** An uncompressed layer tar of the entries under `dir`, in the order given (tar keeps it). */
export function layerTar(work: string, name: string, dir: string, entries: string[], extra: string[] = []): string {
  const file = path.join(work, name);
  run("tar", ["-cf", file, "--no-recursion", ...extra, "-C", dir, ...entries]);
  return file;
}

/** A copy of the layout with one more layer on top of tag v3, tagged `tag`. */
export function layoutWith(images: TestImages, tag: string, layer: string): string {
  const copy = path.join(images.work, `layout-${tag}`);
  fs.cpSync(images.layout, copy, { recursive: true });
  run("umoci", ["raw", "add-layer", "--image", `${copy}:v3`, "--tag", tag, layer]);
  return copy;
}

export function parsed(stdout: string): AgentReport {
  const result = parseReport(JSON.parse(stdout));
  if (!result.ok) throw new Error(result.error);
  return result.report;
}

export const content = (r: AgentReport) => ({ os: r.os, packages: r.packages, configs: r.configs });

export const manifestDigest = (dir: string, tag: string) =>
  (JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8")).manifests as { digest: string; annotations?: Record<string, string> }[]).find(
    (m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag,
  )?.digest;

export function buildTestImages(): TestImages {
  const work = tempDir("image");
  const outside = path.join(work, "outside");
  fs.mkdirSync(outside);
  const layout = path.join(work, "layout");
  run("umoci", ["init", "--layout", layout]);
  run("umoci", ["new", "--image", `${layout}:v1`]);

  // Layer 1: a small Debian-like root.
  const b1 = path.join(work, "b1");
  run("umoci", ["unpack", "--image", `${layout}:v1`, b1]);
  const r1 = path.join(b1, "rootfs");
  for (const [p, text] of Object.entries(FAKE_FILES)) write(r1, p, text);
  write(r1, "/var/lib/dpkg/status", fakeStatus());
  fs.symlinkSync("../usr/lib/os-release", `${r1}/etc/os-release`);
  write(r1, "/etc/removed.conf", "removed in layer 2\n");
  write(r1, "/etc/olddir/a.conf", "a\n");
  write(r1, "/etc/olddir/b.conf", "b\n");
  write(r1, "/etc/opq/x.conf", "x\n");
  write(r1, "/etc/opq/sub/y.conf", "y\n");
  run("umoci", ["repack", "--image", `${layout}:v1`, b1]);

  // Layer 2: a deleted file, a replaced directory and an edited file (umoci writes the whiteouts).
  const b2 = path.join(work, "b2");
  run("umoci", ["unpack", "--image", `${layout}:v1`, b2]);
  const r2 = path.join(b2, "rootfs");
  fs.rmSync(`${r2}/etc/removed.conf`);
  fs.rmSync(`${r2}/etc/olddir`, { recursive: true });
  write(r2, "/etc/olddir/c.conf", "c\n");
  write(r2, "/etc/php/8.2/apache2/php.ini", "[PHP]\nmemory_limit = 1G\n");
  run("umoci", ["repack", "--image", `${layout}:v2`, b2]);

  // Layer 3 (by hand): an opaque directory, and a link pointing out of the image; layer 4: a file below that link.
  const h3 = path.join(work, "h3");
  write(h3, "/etc/opq/.wh..wh..opq", "");
  write(h3, "/etc/opq/new.conf", "new\n");
  fs.symlinkSync(outside, `${h3}/etc/evil`);
  run("umoci", ["raw", "add-layer", "--image", `${layout}:v2`, "--tag", "v3", layerTar(work, "l3.tar", h3, ["etc", "etc/opq", "etc/opq/.wh..wh..opq", "etc/opq/new.conf", "etc/evil"])]);
  const h4 = path.join(work, "h4");
  write(h4, "/etc/evil/planted.conf", "planted\n");
  run("umoci", ["raw", "add-layer", "--image", `${layout}:v3`, "--tag", "v3", layerTar(work, "l4.tar", h4, ["etc/evil/planted.conf"])]);

  const ociTar = path.join(work, "oci.tar");
  run("tar", ["-cf", ociTar, "-C", layout, "."]);
  const dockerTar = path.join(work, "docker.tar");
  run("skopeo", ["copy", "-q", `oci:${layout}:v3`, `docker-archive:${dockerTar}:example.com/web:3`]);
  fs.writeFileSync(`${dockerTar}.gz`, gzipSync(fs.readFileSync(dockerTar)));

  const unpacked = path.join(work, "unpacked");
  run("umoci", ["unpack", "--image", `${layout}:v3`, unpacked]);
  const configPaths = `/etc ${outside}`;
  const reference = parsed(run("dash", [AGENT, "--root", `${unpacked}/rootfs`, "--hostname", "x", "--print", "--config-paths", configPaths]));
  return { work, outside, layout, ociTar, dockerTar, configPaths, reference };
}

/** Runs --image with its own TMPDIR and checks that the temp folder is gone afterwards. */
export async function image(args: string[], opts: { env?: Record<string, string>; shell?: string[] } = {}) {
  const tmp = tempDir("image-tmp");
  try {
    const result = await runAgent(args, { env: { ...process.env, ...opts.env, TMPDIR: tmp }, shell: opts.shell });
    expect(fs.readdirSync(tmp)).toEqual([]);
    return result;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}


/** The test images for the calling test file: built once before its tests (when umoci and skopeo are here), removed after. */
export function useTestImages(): TestImages {
  const im = {} as TestImages; // filled in place, so the file's tests read it as a constant
  beforeAll(() => {
    if (IMAGE_TOOLS_PRESENT) Object.assign(im, buildTestImages());
  }, 300_000);
  afterAll(() => {
    if (im.work) fs.rmSync(im.work, { recursive: true, force: true });
  });
  return im;
}
