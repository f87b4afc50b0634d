// The agent's --image mode refusing what it must not unpack, saying what is wrong with a bad file, and uploading to
// POST /api/v1/images (a fake API with that route's contract).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeApi, startFakeApi } from "./test-api";
import { IMAGE_TOOLS_PRESENT as TOOLS, useTestImages, content, image, layerTar, layoutWith, manifestDigest, parsed, run, write } from "./test-image";
import { BASE_TOOLS, toolDir } from "./test-support";

const im = useTestImages();

// Slow only on a busy machine: each run unpacks a few layers with tar.
describe.skipIf(!TOOLS)("agent --image refusals and errors", { timeout: 120_000 }, () => {
  it("refuses a layer whose entries go through its own link out of the image, and writes nothing outside", async () => {
    const h = path.join(im.work, "evil-same");
    fs.mkdirSync(`${h}/a/etc`, { recursive: true });
    fs.symlinkSync(im.outside, `${h}/a/etc/evil2`);
    write(`${h}/b`, "/etc/evil2/pwned", "pwned\n");
    const file = path.join(im.work, "evil-same.tar");
    run("tar", ["-cf", file, "--no-recursion", "-C", `${h}/a`, "etc/evil2", "-C", `${h}/b`, "etc/evil2/pwned"]);
    const result = await image(["--image", layoutWith(im, "evil", file), "--image-ref", "evil", "--print"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/layer 5 .* refused: an entry goes through a symlink of the same layer: etc\/evil2\/pwned \(through etc\/evil2\)/);
    expect(result.stdout).toBe("");
    expect(fs.readdirSync(im.outside)).toEqual([]);
  });

  it("refuses entries with .. or an absolute path", async () => {
    const h = path.join(im.work, "evil-dots");
    write(h, "/x/escape.conf", "escape\n");
    for (const [name, transform] of [
      ["dots", `s,^,../../..${im.outside}/,`],
      ["absolute", `s,^,${im.outside}/,`],
    ]) {
      const file = layerTar(im.work, `evil-${name}.tar`, h, ["x/escape.conf"], ["-P", `--transform=${transform}`]);
      const result = await image(["--image", layoutWith(im, name, file), "--image-ref", name, "--print"]);
      expect([name, result.code]).toEqual([name, 2]);
      expect(result.stderr).toMatch(/refused: an entry points outside the image: /);
    }
    expect(fs.readdirSync(im.outside)).toEqual([]);
  });

  it("says what is wrong with a file that is not a usable image", async () => {
    const notTar = path.join(im.work, "notes.txt");
    fs.writeFileSync(notTar, "not an image\n");
    const plain = path.join(im.work, "plain.tar");
    run("tar", ["-cf", plain, "-C", im.work, "notes.txt"]);
    const broken = path.join(im.work, "broken");
    fs.cpSync(im.layout, broken, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(broken, "blobs/sha256", (manifestDigest(broken, "v3") ?? "").slice(7)), "utf8"));
    const layer2 = manifest.layers[1].digest.slice(7);
    fs.rmSync(path.join(broken, "blobs/sha256", layer2));
    const cases: [string[], RegExp][] = [
      [["--image", path.join(im.work, "nope.tar")], /--image .*nope\.tar: no such file or directory/],
      [["--image", notTar], /notes\.txt is not a readable tar archive/],
      [["--image", plain], /not an image: no manifest\.json or index\.json in .*plain\.tar/],
      [["--image", broken, "--image-ref", "v3"], new RegExp(`is not a complete image: layer 2 blobs/sha256/${layer2} is missing`)],
      [["--image", im.layout, "--root", im.work], /--image and --root exclude each other/],
      [["--image", im.layout, "--image-ref", "v3", "--server", "http://127.0.0.1:9"], /--image with --server needs --fleet NAME/],
      [["--image", im.layout, "--image-ref", "v3", "--server", "http://127.0.0.1:9", "--fleet", "web"], /needs an API token in FLEETPRINT_TOKEN/],
      [["--fleet", "web", "--print"], /--image-ref, --platform, --fleet and --publish go with --image FILE/],
      [["--platform", "linux/arm64", "--print"], /--image-ref, --platform, --fleet and --publish go with --image FILE/],
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
    const curl = toolDir([...BASE_TOOLS, "tar", "cp", "curl"]);
    try {
      const result = await image(["--image", im.dockerTar, "--server", `${api.url}/`, "--fleet", "web prod", "--publish", "--config-paths", im.configPaths], {
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
    expect(content(sent)).toEqual(content(im.reference));
  });

  it("exits 4 with the server's message when the upload is refused", async () => {
    api.reset();
    api.answers = [{ status: 403, json: { error: { code: "forbidden", message: "this token may not publish specs" } } }];
    const result = await image(["--image", im.dockerTar, "--server", api.url, "--fleet", "web"], { env: { FLEETPRINT_TOKEN: "fp_test.token" } });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/the server refused the image \(HTTP 403 forbidden\): this token may not publish specs/);
    expect(api.seen[0].url).toBe("/api/v1/images?fleet=web&tag=example.com%2Fweb%3A3");
  });
});
