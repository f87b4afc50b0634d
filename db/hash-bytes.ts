// Hashes stored as bytes instead of hex text: half the width in every version of a row and in every index entry
// (issue 7's storage per host). Columns typed with these read and write the same strings as before.

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A sha256 in hex as its 32 bytes (the server writes only hex it computed itself). */
export function hexToBytes(hex: string): Buffer {
  return Buffer.from(hex, "hex");
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/**
 * An agent's report digest (16-128 of [A-Za-z0-9:_-], lib/server/validate.ts REPORT_DIGEST): a sha256 in lowercase
 * hex (what fleetprint-agent sends) as its 32 bytes, any other as zero bytes and its text. A length of 32 means the
 * hex form: other digests get one zero byte before them, or two when one would make 32. Their text has no zero
 * byte, so reading skips the leading ones. The SQL function fleetprint_digest_bytes (migration 0019) is the same rule.
 */
export function digestToBytes(digest: string): Buffer {
  if (SHA256_HEX.test(digest)) return Buffer.from(digest, "hex");
  const text = Buffer.from(digest, "utf8");
  return Buffer.concat([Buffer.alloc(text.length === 31 ? 2 : 1), text]);
}

export function digestFromBytes(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length === 32) return b.toString("hex");
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return b.subarray(i).toString("utf8");
}
