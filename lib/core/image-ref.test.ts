import { describe, expect, it } from "vitest";
import { DEFAULT_IMAGE_MAX_BYTES, IMAGES_CSV_HEADER, imageCsvRecord, imageLabel, imageMaxBytes, imageSource, imagesFilename, shortDigest } from "./image-ref";
import { imageTagSchema } from "./image-schema";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("image references", () => {
  it("accepts the tags docker writes and refuses what is not one", () => {
    for (const ok of ["web:1", "registry.example.com:5000/team/web:2026-11-30", `web@${DIGEST}`]) expect(imageTagSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["", "web latest", "-web", "web\n:1", "x".repeat(256)]) expect(imageTagSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it("shortens a digest to sha256 and 12 hex characters, and labels an image by tag and short digest", () => {
    expect(shortDigest(DIGEST)).toBe("sha256:0123456789ab");
    expect(imageLabel(DIGEST, "web:1")).toBe("web:1 (sha256:0123456789ab)");
    expect(imageLabel(DIGEST, null)).toBe("sha256:0123456789ab");
    expect(imageSource(DIGEST)).toBe(`image:${DIGEST}`);
  });

  it("reads the upload limit from the environment, 2 GiB by default, and refuses a limit that is not a size", () => {
    expect(imageMaxBytes({})).toBe(DEFAULT_IMAGE_MAX_BYTES);
    expect(imageMaxBytes({ FLEETPRINT_IMAGE_MAX_BYTES: " 1048576 " })).toBe(1048576);
    expect(() => imageMaxBytes({ FLEETPRINT_IMAGE_MAX_BYTES: "2G" })).toThrow(/positive whole number of bytes, not "2G"/);
    expect(() => imageMaxBytes({ FLEETPRINT_IMAGE_MAX_BYTES: "0" })).toThrow(/positive whole number/);
  });

  it("writes the list as CSV with text cells guarded against formulas", () => {
    const row = { digest: DIGEST, tag: "=web:1", format: "oci", fingerprint: "f".repeat(64), fleet: "web", uploadedBy: "ci, bot", createdAt: "2026-11-30T10:00:00.000Z" };
    expect(IMAGES_CSV_HEADER).toBe("digest,tag,format,fingerprint,fleet,uploaded_by,created_at\r\n");
    expect(imageCsvRecord(row)).toBe(`${DIGEST},'=web:1,oci,${"f".repeat(64)},web,"ci, bot",2026-11-30T10:00:00.000Z\r\n`);
    expect(imageCsvRecord({ ...row, tag: null, fleet: null })).toContain(",,oci,");
    expect(imagesFilename("web", new Date("2026-11-30T23:00:00Z"))).toBe("fleetprint-images-web-2026-11-30.csv");
    expect(imagesFilename(undefined, new Date("2026-11-30T23:00:00Z"))).toBe("fleetprint-images-2026-11-30.csv");
  });
});
