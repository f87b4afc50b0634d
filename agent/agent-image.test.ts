// The agent's --image mode on real images (agent/test-image.ts): each format must give the fingerprint --root gives
// on the tree umoci unpacks, under dash and BusyBox.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IMAGE_TOOLS_PRESENT as TOOLS, useTestImages, content, image, manifestDigest, parsed, run } from "./test-image";
import { BUSYBOX, busyboxDir, sha256 } from "./test-support";

const im = useTestImages();

// Slow only on a busy machine: each run unpacks a few layers with tar.
describe.skipIf(!TOOLS)("agent --image", { timeout: 120_000 }, () => {
  it("applies layers, whiteouts and an opaque directory as umoci does", () => {
    const paths = im.reference.configs.map((c) => c.path);
    expect(paths).not.toContain("/etc/removed.conf");
    expect(paths).not.toContain("/etc/olddir/a.conf");
    expect(paths).toContain("/etc/olddir/c.conf");
    expect(paths).not.toContain("/etc/opq/x.conf");
    expect(paths).not.toContain("/etc/opq/sub/y.conf");
    expect(paths).toContain("/etc/opq/new.conf");
    // The file below the link landed inside the image (the link resolved in the root, as umoci does), never outside.
    expect(paths).toContain(`${im.outside}/planted.conf`);
    expect(im.reference.configs.find((c) => c.path === "/etc/evil")).toEqual({ path: "/etc/evil", type: "symlink", sha256: null, target: im.outside });
    expect(fs.readdirSync(im.outside)).toEqual([]);
  });

  it.each([
    ["an OCI layout folder", () => im.layout, "oci"],
    ["an OCI layout tar", () => im.ociTar, "oci"],
    ["a docker-archive tar", () => im.dockerTar, "docker-archive"],
    ["a gzipped docker-archive (docker save | gzip)", () => `${im.dockerTar}.gz`, "docker-archive"],
  ])("fingerprints %s as --root does the tree umoci unpacks", async (_, file, format) => {
    const args = ["--image", file(), "--print", "--hostname", "x", "--config-paths", im.configPaths];
    if (format === "oci") args.push("--image-ref", "v3");
    const result = await image(args);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = parsed(result.stdout);
    expect(content(report)).toEqual(content(im.reference));
    expect(report.packages.map((p) => p.name)).toEqual(["apache2", "dpkg", "libc6", "tzdata"]);
    expect(report.configs.find((c) => c.path === "/etc/php/8.2/apache2/php.ini")?.sha256).toBe(sha256("[PHP]\nmemory_limit = 1G\n"));
    expect(report.configs.find((c) => c.path === "/etc/apache2/apache2.conf")).toMatchObject({ package: "apache2", modified: true });
    expect(report.os.kernel).toBeNull();
    expect(report.image?.format).toBe(format);
    expect(fs.readdirSync(im.outside)).toEqual([]);
  });

  it("names the image: the manifest digest of an OCI layout, the config digest of a docker-archive", async () => {
    const oci = parsed((await image(["--image", im.layout, "--image-ref", "v3", "--print"])).stdout);
    expect(oci.image).toEqual({ digest: manifestDigest(im.layout, "v3"), tag: "v3", format: "oci" });
    // Named by its /etc/hostname when it has one (else after its tag, else its digest).
    expect(oci.hostname).toBe("image-builder");
    const docker = parsed((await image(["--image", im.dockerTar, "--print"])).stdout);
    const manifest = JSON.parse(run("tar", ["-xOf", im.dockerTar, "manifest.json"]))[0];
    expect(docker.image).toEqual({ digest: `sha256:${sha256(run("tar", ["-xOf", im.dockerTar, manifest.Config]))}`, tag: "example.com/web:3", format: "docker-archive" });
    expect(docker.hostname).toBe("image-builder");
  });

  it("names an image without /etc/hostname after its tag, and reads an image with no layers", async () => {
    const empty = path.join(im.work, "layout-empty");
    run("umoci", ["init", "--layout", empty]);
    run("umoci", ["new", "--image", `${empty}:bare`]);
    const archive = path.join(im.work, "empty.tar");
    run("skopeo", ["copy", "-q", `oci:${empty}:bare`, `docker-archive:${archive}:example.com/bare:1`]);
    const oci = await image(["--image", empty, "--print"]);
    expect(oci.code).toBe(0);
    expect(parsed(oci.stdout)).toMatchObject({ hostname: "bare", packages: [], configs: [], image: { tag: "bare", format: "oci" } });
    const docker = await image(["--image", archive, "--print"]);
    expect(parsed(docker.stdout)).toMatchObject({ hostname: "example.com-bare-1", image: { tag: "example.com/bare:1", format: "docker-archive" } });
  });

  it("picks the manifest by --image-ref and says which tags there are when it cannot choose", async () => {
    const many = await image(["--image", im.layout, "--print"]);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/index\.json lists 3 manifests \(v1, v2, v3\): pick one with --image-ref TAG/);
    const v1 = await image(["--image", im.layout, "--image-ref", "v1", "--print", "--hostname", "x"]);
    expect(v1.code).toBe(0);
    expect(parsed(v1.stdout).configs.map((c) => c.path)).toContain("/etc/removed.conf");
    const none = await image(["--image", im.layout, "--image-ref", "v9", "--print"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no manifest tagged v9 in index\.json \(tags: v1, v2, v3\)/);
  });

  it("runs under BusyBox sh with BusyBox applets", async () => {
    if (!BUSYBOX) return;
    const dir = busyboxDir(["tar", "cp"]);
    try {
      for (const file of [im.ociTar, im.dockerTar]) {
        const args = ["--image", file, "--image-ref", file === im.ociTar ? "v3" : "example.com/web:3", "--print", "--hostname", "x", "--config-paths", im.configPaths];
        const result = await image(args, {
          env: { PATH: dir },
          shell: [BUSYBOX, "sh"],
        });
        expect(result.stderr).toBe("");
        expect(content(parsed(result.stdout))).toEqual(content(im.reference));
        expect(parsed(result.stdout).image?.tag).toBe(file === im.ociTar ? "v3" : "example.com/web:3");
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
