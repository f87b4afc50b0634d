import "server-only";
// Random bearer secrets (enroll secrets, host keys): only their sha256 is stored, so a database leak
// does not hand out working credentials. They are high-entropy, so a fast hash is the right tool here.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString("base64url")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function sameSecret(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}
