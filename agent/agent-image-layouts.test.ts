// The agent's --image mode on layers with hard links and on multi-platform images, built with umoci and skopeo here:
// a hard link to a file of the same layer or of a lower one reads as the file it names (as umoci unpacks it), one
// naming a file the image lacks is refused; a multi-platform index gives the manifest of --platform (linux/amd64 by
// default), and the platforms it has when none matches.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IMAGE_TOOLS_PRESENT as TOOLS, useTestImages, content, image, layoutWith, manifestDigest, parsed, run, write } from "./test-image";
import { sha256 } from "./test-support";

const im = useTestImages();

const PHP_INI = "[PHP]\nmemory_limit = 1G\n"; // layer 2's php.ini

/** A layer of hard links: one to a file of the same layer, one to layer 2's php.ini (its own copy deleted from the tar). */
function hardLinkLayer(): string {
  const h = path.join(im.work, "hard");
  write(h, "/etc/hl/own.conf", "own\n");
  fs.linkSync(`${h}/etc/hl/own.conf`, `${h}/etc/hl/own-link.conf`);
  write(h, "/etc/php/8.2/apache2/php.ini", PHP_INI);
  fs.linkSync(`${h}/etc/php/8.2/apache2/php.ini`, `${h}/etc/hl/php-link.ini`);
  const file = path.join(im.work, "hard.tar");
  run("tar", ["-cf", file, "--no-recursion", "-C", h, "etc", "etc/hl", "etc/hl/own.conf", "etc/hl/own-link.conf", "etc/php/8.2/apache2/php.ini", "etc/hl/php-link.ini"]);
  run("tar", ["--delete", "-f", file, "etc/php/8.2/apache2/php.ini"]);
  expect(run("tar", ["-tvf", file])).toMatch(/etc\/hl\/php-link\.ini link to etc\/php\/8\.2\/apache2\/php\.ini/);
  return file;
}

function writeBlob(layout: string, bytes: Buffer): { digest: string; size: number } {
  const hex = crypto.createHash("sha256").update(bytes).digest("hex");
  fs.writeFileSync(path.join(layout, "blobs", "sha256", hex), bytes);
  return { digest: `sha256:${hex}`, size: bytes.length };
}

/**
 * A multi-platform image as `skopeo copy --all` lays it out: index.json names an image index (a blob) listing one
 * manifest per platform (here v3's manifest as linux/amd64, v1's as linux/arm64/v8) and an attestation.
 */
function multiPlatformLayout(): { layout: string; indexDigest: string } {
  const layout = path.join(im.work, "layout-multi");
  fs.cpSync(im.layout, layout, { recursive: true });
  const desc = (tag: string) => {
    const digest = manifestDigest(layout, tag)!;
    return { mediaType: "application/vnd.oci.image.manifest.v1+json", digest, size: fs.statSync(path.join(layout, "blobs", "sha256", digest.slice(7))).size };
  };
  const index = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [
      { ...desc("v1"), platform: { architecture: "arm64", os: "linux", variant: "v8" } },
      { ...desc("v3"), platform: { architecture: "amd64", os: "linux" } },
      { ...desc("v2"), platform: { architecture: "unknown", os: "unknown" }, annotations: { "vnd.docker.reference.type": "attestation-manifest" } },
    ],
  };
  const blob = writeBlob(layout, Buffer.from(JSON.stringify(index)));
  const top = { schemaVersion: 2, manifests: [{ mediaType: index.mediaType, ...blob, annotations: { "org.opencontainers.image.ref.name": "multi" } }] };
  fs.writeFileSync(path.join(layout, "index.json"), JSON.stringify(top));
  return { layout, indexDigest: blob.digest };
}

describe.skipIf(!TOOLS)("agent --image: hard links and multi-platform images", { timeout: 120_000 }, () => {
  it("reads hard links within a layer and to a lower layer's file as umoci unpacks them", async () => {
    const layout = layoutWith(im, "hard", hardLinkLayer());
    const result = await image(["--image", layout, "--image-ref", "hard", "--print", "--hostname", "x", "--config-paths", im.configPaths]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = parsed(result.stdout);
    const hash = (p: string) => report.configs.find((c) => c.path === p)?.sha256;
    expect(hash("/etc/hl/own.conf")).toBe(sha256("own\n"));
    expect(hash("/etc/hl/own-link.conf")).toBe(sha256("own\n"));
    expect(hash("/etc/hl/php-link.ini")).toBe(sha256(PHP_INI));
    expect(hash("/etc/php/8.2/apache2/php.ini")).toBe(sha256(PHP_INI));
    const unpacked = path.join(im.work, "unpacked-hard");
    run("umoci", ["unpack", "--image", `${layout}:hard`, unpacked]);
    const reference = parsed(run("dash", ["agent/fleetprint-agent.sh", "--root", `${unpacked}/rootfs`, "--hostname", "x", "--print", "--config-paths", im.configPaths]));
    expect(content(report)).toEqual(content(reference));
    expect(fs.readdirSync(im.outside)).toEqual([]);
  });

  it("refuses a hard link to a file the image does not have, or to one outside it", async () => {
    const h = path.join(im.work, "hard-missing");
    write(h, "/etc/nowhere.conf", "x\n");
    fs.linkSync(`${h}/etc/nowhere.conf`, `${h}/etc/dangling.conf`);
    const file = path.join(im.work, "hard-missing.tar");
    run("tar", ["-cf", file, "--no-recursion", "-C", h, "etc/nowhere.conf", "etc/dangling.conf"]);
    run("tar", ["--delete", "-f", file, "etc/nowhere.conf"]);
    const missing = await image(["--image", layoutWith(im, "hard-missing", file), "--image-ref", "hard-missing", "--print"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/layer 5 .* refused: a hard link names etc\/nowhere\.conf, which is not a regular file of the image/);
    expect(missing.stdout).toBe("");

    const out = path.join(im.work, "hard-out.tar");
    run("tar", ["-cf", out, "--no-recursion", "--transform", `s,^etc/nowhere.conf,../../..${im.outside}/x,`, "-C", h, "etc/nowhere.conf", "etc/dangling.conf"]);
    const outside = await image(["--image", layoutWith(im, "hard-out", out), "--image-ref", "hard-out", "--print"]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/refused: an entry points outside the image/);
    expect(fs.readdirSync(im.outside)).toEqual([]);
  });

  it("picks linux/amd64 from a multi-platform index, or the --platform asked for; the image keeps the index's digest", async () => {
    const { layout, indexDigest } = multiPlatformLayout();
    const amd64 = await image(["--image", layout, "--print", "--hostname", "x", "--config-paths", im.configPaths]);
    expect(amd64.stderr).toBe("");
    const r = parsed(amd64.stdout);
    expect(content(r)).toEqual(content(im.reference));
    expect(r.image).toEqual({ digest: indexDigest, tag: "multi", format: "oci" });

    const arm = parsed((await image(["--image", layout, "--platform", "linux/arm64", "--print", "--hostname", "x", "--config-paths", im.configPaths])).stdout);
    const v1 = parsed((await image(["--image", im.layout, "--image-ref", "v1", "--print", "--hostname", "x", "--config-paths", im.configPaths])).stdout);
    expect(content(arm)).toEqual(content(v1));
    expect(arm.configs.map((c) => c.path)).toContain("/etc/removed.conf");
  });

  it("says which platforms an index has when none is the one asked for, and checks --platform", async () => {
    const { layout } = multiPlatformLayout();
    const none = await image(["--image", layout, "--platform", "linux/s390x", "--print"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no manifest for platform linux\/s390x in the image \(platforms: linux\/arm64\/v8, linux\/amd64\): pick one with --platform OS\/ARCH/);
    const bad = await image(["--image", layout, "--platform", "amd64", "--print"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--platform must be OS\/ARCH/);
  });

  it("reads a multi-platform image copied by skopeo into a docker-archive as the platform's image", async () => {
    const { layout } = multiPlatformLayout();
    const tar = path.join(im.work, "multi-docker.tar");
    run("skopeo", ["copy", "-q", "--override-arch", "amd64", "--override-os", "linux", `oci:${layout}:multi`, `docker-archive:${tar}:example.com/multi:1`]);
    const r = parsed((await image(["--image", tar, "--print", "--hostname", "x", "--config-paths", im.configPaths])).stdout);
    expect(content(r)).toEqual(content(im.reference));
  });
});
