// The agent's --image mode on real images built here without a Docker engine: umoci makes an OCI layout (layers,
// whiteouts), hand-made layers add an opaque directory and links pointing out of the image, skopeo turns the layout
// into a docker-archive. Each format must give the fingerprint --root gives on the tree umoci unpacks.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseReport } from "@/lib/core/parse-report";
import type { AgentReport } from "@/lib/core/types";
import { type FakeApi, startFakeApi } from "./test-api";
import { BASE_TOOLS, BUSYBOX, FAKE_FILES, busyboxDir, fakeStatus, runAgent, sha256, tempDir, toolDir } from "./test-support";

const has = (tool: string) => (process.env.PATH ?? "").split(":").some((d) => fs.existsSync(path.join(d, tool)));
const TOOLS = has("umoci") && has("skopeo");
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] }).toString();
const IMAGE_TOOLS = [...BASE_TOOLS, "tar", "cp"];

let work: string;
/** A host folder the image's links point at: it must stay empty. */
let outside: string;
let layout: string;
let ociTar: string;
let dockerTar: string;
let reference: AgentReport;

function write(root: string, p: string, text: string) {
  fs.mkdirSync(path.dirname(root + p), { recursive: true });
  fs.writeFileSync(root + p, text);
}

/** An uncompressed layer tar of the entries under `dir`, in the order given (tar keeps it). */
function layerTar(name: string, dir: string, entries: string[], extra: string[] = []): string {
  const file = path.join(work, name);
  run("tar", ["-cf", file, "--no-recursion", ...extra, "-C", dir, ...entries]);
  return file;
}

/** A copy of the layout with one more layer on top of tag v3, tagged `tag`. */
function layoutWith(tag: string, layer: string): string {
  const copy = path.join(work, `layout-${tag}`);
  fs.cpSync(layout, copy, { recursive: true });
  run("umoci", ["raw", "add-layer", "--image", `${copy}:v3`, "--tag", tag, layer]);
  return copy;
}

function parsed(stdout: string): AgentReport {
  const result = parseReport(JSON.parse(stdout));
  if (!result.ok) throw new Error(result.error);
  return result.report;
}

/** /etc, and the host folder the image's link names: inside the image, that is where the planted file lands. */
const configPaths = () => `/etc ${outside}`;
const content = (r: AgentReport) => ({ os: r.os, packages: r.packages, configs: r.configs });
const manifestDigest = (dir: string, tag: string) =>
  (JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8")).manifests as { digest: string; annotations?: Record<string, string> }[]).find(
    (m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag,
  )?.digest;

beforeAll(() => {
  if (!TOOLS) return;
  work = tempDir("image");
  outside = path.join(work, "outside");
  fs.mkdirSync(outside);
  layout = path.join(work, "layout");
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
  run("umoci", ["raw", "add-layer", "--image", `${layout}:v2`, "--tag", "v3", layerTar("l3.tar", h3, ["etc", "etc/opq", "etc/opq/.wh..wh..opq", "etc/opq/new.conf", "etc/evil"])]);
  const h4 = path.join(work, "h4");
  write(h4, "/etc/evil/planted.conf", "planted\n");
  run("umoci", ["raw", "add-layer", "--image", `${layout}:v3`, "--tag", "v3", layerTar("l4.tar", h4, ["etc/evil/planted.conf"])]);

  ociTar = path.join(work, "oci.tar");
  run("tar", ["-cf", ociTar, "-C", layout, "."]);
  dockerTar = path.join(work, "docker.tar");
  run("skopeo", ["copy", "-q", `oci:${layout}:v3`, `docker-archive:${dockerTar}:example.com/web:3`]);

  const unpacked = path.join(work, "unpacked");
  run("umoci", ["unpack", "--image", `${layout}:v3`, unpacked]);
  reference = parsed(run("dash", [path.resolve(__dirname, "fleetprint-agent.sh"), "--root", `${unpacked}/rootfs`, "--hostname", "x", "--print", "--config-paths", configPaths()]));
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Runs --image with its own TMPDIR and checks that the temp folder is gone afterwards. */
async function image(args: string[], opts: { env?: Record<string, string>; shell?: string[] } = {}) {
  const tmp = tempDir("image-tmp");
  try {
    const result = await runAgent(args, { env: { ...process.env, ...opts.env, TMPDIR: tmp }, shell: opts.shell });
    expect(fs.readdirSync(tmp)).toEqual([]);
    return result;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// Slow only on a busy machine: each run unpacks a few layers with tar.
describe.skipIf(!TOOLS)("agent --image", { timeout: 120_000 }, () => {
  it("applies layers, whiteouts and an opaque directory as umoci does", () => {
    const paths = reference.configs.map((c) => c.path);
    expect(paths).not.toContain("/etc/removed.conf");
    expect(paths).not.toContain("/etc/olddir/a.conf");
    expect(paths).toContain("/etc/olddir/c.conf");
    expect(paths).not.toContain("/etc/opq/x.conf");
    expect(paths).not.toContain("/etc/opq/sub/y.conf");
    expect(paths).toContain("/etc/opq/new.conf");
    // The file below the link landed inside the image (the link resolved in the root, as umoci does), never outside.
    expect(paths).toContain(`${outside}/planted.conf`);
    expect(reference.configs.find((c) => c.path === "/etc/evil")).toEqual({ path: "/etc/evil", type: "symlink", sha256: null, target: outside });
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it.each([
    ["an OCI layout folder", () => layout, "oci"],
    ["an OCI layout tar", () => ociTar, "oci"],
    ["a docker-archive tar", () => dockerTar, "docker-archive"],
  ])("fingerprints %s as --root does the tree umoci unpacks", async (_, file, format) => {
    const args = ["--image", file(), "--print", "--hostname", "x", "--config-paths", configPaths()];
    if (format === "oci") args.push("--image-ref", "v3");
    const result = await image(args);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = parsed(result.stdout);
    expect(content(report)).toEqual(content(reference));
    expect(report.packages.map((p) => p.name)).toEqual(["apache2", "dpkg", "libc6", "tzdata"]);
    expect(report.configs.find((c) => c.path === "/etc/php/8.2/apache2/php.ini")?.sha256).toBe(sha256("[PHP]\nmemory_limit = 1G\n"));
    expect(report.configs.find((c) => c.path === "/etc/apache2/apache2.conf")).toMatchObject({ package: "apache2", modified: true });
    expect(report.os.kernel).toBeNull();
    expect(report.image?.format).toBe(format);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it("names the image: the manifest digest of an OCI layout, the config digest of a docker-archive", async () => {
    const oci = parsed((await image(["--image", layout, "--image-ref", "v3", "--print"])).stdout);
    expect(oci.image).toEqual({ digest: manifestDigest(layout, "v3"), tag: "v3", format: "oci" });
    // Named by its /etc/hostname when it has one (else after its tag, else its digest).
    expect(oci.hostname).toBe("image-builder");
    const docker = parsed((await image(["--image", dockerTar, "--print"])).stdout);
    const manifest = JSON.parse(run("tar", ["-xOf", dockerTar, "manifest.json"]))[0];
    expect(docker.image).toEqual({ digest: `sha256:${sha256(run("tar", ["-xOf", dockerTar, manifest.Config]))}`, tag: "example.com/web:3", format: "docker-archive" });
    expect(docker.hostname).toBe("image-builder");
  });

  it("names an image without /etc/hostname after its tag, and reads an image with no layers", async () => {
    const empty = path.join(work, "layout-empty");
    run("umoci", ["init", "--layout", empty]);
    run("umoci", ["new", "--image", `${empty}:bare`]);
    const archive = path.join(work, "empty.tar");
    run("skopeo", ["copy", "-q", `oci:${empty}:bare`, `docker-archive:${archive}:example.com/bare:1`]);
    const oci = await image(["--image", empty, "--print"]);
    expect(oci.code).toBe(0);
    expect(parsed(oci.stdout)).toMatchObject({ hostname: "bare", packages: [], configs: [], image: { tag: "bare", format: "oci" } });
    const docker = await image(["--image", archive, "--print"]);
    expect(parsed(docker.stdout)).toMatchObject({ hostname: "example.com-bare-1", image: { tag: "example.com/bare:1", format: "docker-archive" } });
  });

  it("picks the manifest by --image-ref and says which tags there are when it cannot choose", async () => {
    const many = await image(["--image", layout, "--print"]);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/index\.json lists 3 manifests \(v1, v2, v3\): pick one with --image-ref TAG/);
    const v1 = await image(["--image", layout, "--image-ref", "v1", "--print", "--hostname", "x"]);
    expect(v1.code).toBe(0);
    expect(parsed(v1.stdout).configs.map((c) => c.path)).toContain("/etc/removed.conf");
    const none = await image(["--image", layout, "--image-ref", "v9", "--print"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no manifest tagged v9 in index\.json \(tags: v1, v2, v3\)/);
  });

  it("runs under BusyBox sh with BusyBox applets", async () => {
    if (!BUSYBOX) return;
    const dir = busyboxDir(["tar", "cp"]);
    try {
      for (const file of [ociTar, dockerTar]) {
        const args = ["--image", file, "--image-ref", file === ociTar ? "v3" : "example.com/web:3", "--print", "--hostname", "x", "--config-paths", configPaths()];
        const result = await image(args, {
          env: { PATH: dir },
          shell: [BUSYBOX, "sh"],
        });
        expect(result.stderr).toBe("");
        expect(content(parsed(result.stdout))).toEqual(content(reference));
        expect(parsed(result.stdout).image?.tag).toBe(file === ociTar ? "v3" : "example.com/web:3");
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a layer whose entries go through its own link out of the image, and writes nothing outside", async () => {
    const h = path.join(work, "evil-same");
    fs.mkdirSync(`${h}/a/etc`, { recursive: true });
    fs.symlinkSync(outside, `${h}/a/etc/evil2`);
    write(`${h}/b`, "/etc/evil2/pwned", "pwned\n");
    const file = path.join(work, "evil-same.tar");
    run("tar", ["-cf", file, "--no-recursion", "-C", `${h}/a`, "etc/evil2", "-C", `${h}/b`, "etc/evil2/pwned"]);
    const result = await image(["--image", layoutWith("evil", file), "--image-ref", "evil", "--print"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/layer 5 .* refused: an entry goes through a symlink of the same layer: etc\/evil2\/pwned \(through etc\/evil2\)/);
    expect(result.stdout).toBe("");
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it("refuses entries with .. or an absolute path", async () => {
    const h = path.join(work, "evil-dots");
    write(h, "/x/escape.conf", "escape\n");
    for (const [name, transform] of [
      ["dots", `s,^,../../..${outside}/,`],
      ["absolute", `s,^,${outside}/,`],
    ]) {
      const file = layerTar(`evil-${name}.tar`, h, ["x/escape.conf"], ["-P", `--transform=${transform}`]);
      const result = await image(["--image", layoutWith(name, file), "--image-ref", name, "--print"]);
      expect([name, result.code]).toEqual([name, 2]);
      expect(result.stderr).toMatch(/refused: an entry points outside the image: /);
    }
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it("says what is wrong with a file that is not a usable image", async () => {
    const notTar = path.join(work, "notes.txt");
    fs.writeFileSync(notTar, "not an image\n");
    const plain = path.join(work, "plain.tar");
    run("tar", ["-cf", plain, "-C", work, "notes.txt"]);
    const broken = path.join(work, "broken");
    fs.cpSync(layout, broken, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(broken, "blobs/sha256", (manifestDigest(broken, "v3") ?? "").slice(7)), "utf8"));
    const layer2 = manifest.layers[1].digest.slice(7);
    fs.rmSync(path.join(broken, "blobs/sha256", layer2));
    const cases: [string[], RegExp][] = [
      [["--image", path.join(work, "nope.tar")], /--image .*nope\.tar: no such file or directory/],
      [["--image", notTar], /notes\.txt is not a readable tar archive/],
      [["--image", plain], /not an image: no manifest\.json or index\.json in .*plain\.tar/],
      [["--image", broken, "--image-ref", "v3"], new RegExp(`is not a complete image: layer 2 blobs/sha256/${layer2} is missing`)],
      [["--image", layout, "--root", work], /--image and --root exclude each other/],
      [["--image", layout, "--image-ref", "v3", "--server", "http://127.0.0.1:9"], /--image with --server needs --fleet NAME/],
      [["--image", layout, "--image-ref", "v3", "--server", "http://127.0.0.1:9", "--fleet", "web"], /needs an API token in FLEETPRINT_TOKEN/],
      [["--fleet", "web", "--print"], /--image-ref, --fleet and --publish go with --image FILE/],
    ];
    for (const [args, message] of cases) {
      const result = await image([...args, ...(args.includes("--print") || args.includes("--server") ? [] : ["--print"])], { env: { FLEETPRINT_TOKEN: "" } });
      expect([args, result.code]).toEqual([args, 2]);
      expect(result.stderr).toMatch(message);
    }
  });
});

describe.skipIf(!TOOLS)("agent --image --server", { timeout: 120_000 }, () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi();
  });
  afterAll(() => api.close());

  it("posts the report to /api/v1/images with the token, fleet, publish and tag, and prints the answer", async () => {
    api.reset();
    api.answers = [{ status: 201, json: { image: { digest: "sha256:x" }, specVersion: 4 } }];
    const curl = toolDir([...IMAGE_TOOLS, "curl"]);
    try {
      const result = await image(["--image", dockerTar, "--server", `${api.url}/`, "--fleet", "web prod", "--publish", "--config-paths", configPaths()], {
        env: { PATH: curl, FLEETPRINT_TOKEN: "fp_test.token" },
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ image: { digest: "sha256:x" }, specVersion: 4 });
    } finally {
      fs.rmSync(curl, { recursive: true, force: true });
    }
    expect(api.seen).toHaveLength(1);
    const [req] = api.seen;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/api/v1/images?fleet=web%20prod&publish=1&tag=example.com%2Fweb%3A3");
    expect(req.headers.authorization).toBe("Bearer fp_test.token");
    expect(req.headers["content-type"]).toBe("application/json");
    const sent = parsed(req.body.toString("utf8"));
    expect(sent.image).toMatchObject({ format: "docker-archive", tag: "example.com/web:3" });
    expect(content(sent)).toEqual(content(reference));
  });

  it("exits 4 with the server's message when the upload is refused", async () => {
    api.reset();
    api.answers = [{ status: 403, json: { error: { code: "forbidden", message: "this token may not publish specs" } } }];
    const result = await image(["--image", dockerTar, "--server", api.url, "--fleet", "web"], { env: { FLEETPRINT_TOKEN: "fp_test.token" } });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/the server refused the image \(HTTP 403 forbidden\): this token may not publish specs/);
    expect(api.seen[0].url).toBe("/api/v1/images?fleet=web&tag=example.com%2Fweb%3A3");
  });
});
