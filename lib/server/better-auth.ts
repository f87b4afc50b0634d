import "server-only";
// better-auth owns passwords (scrypt) and browser sessions; roles, API tokens and the audit log are ours.
// Built lazily because the database handle is async (PGlite opens and migrates on first use).
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { eq } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { accounts, sessions, users, verifications } from "@/db/schema";
import { writeAudit } from "@/lib/services/audit";
import { auditAddress } from "./client-address";
import { hitRateLimit } from "@/lib/services/rate-limit";
import { getAuthSecret } from "./auth-secret";
import { AUTH_IP_HEADER } from "./sign-in-guard";

export const MIN_PASSWORD = 10;

function makeAuth(db: Db) {
  // Without FLEETPRINT_URL the base URL is taken from each request, so the app works on any host and port and
  // better-auth's CSRF check trusts exactly the origin the request came to. Cookies are Secure only when the
  // configured URL is https: plain http on a LAN (or localhost in tests) must still be able to sign in.
  const url = process.env.FLEETPRINT_URL?.trim() || undefined;
  return betterAuth({
    appName: "Fleetprint",
    baseURL: url,
    secret: getAuthSecret(),
    // Without FLEETPRINT_URL, better-auth fixes its base URL from the first request, which would then refuse
    // the same server reached under another name (127.0.0.1 vs localhost, a LAN address). A request whose
    // Origin is the host it was sent to is same-origin, so trusting exactly that host keeps the CSRF check.
    trustedOrigins: url
      ? [new URL(url).origin]
      : (request) => {
          const host = request?.headers.get("host");
          return host ? [`http://${host}`, `https://${host}`] : [];
        },
    telemetry: { enabled: false },
    database: drizzleAdapter(db, { provider: "pg", schema: { user: users, session: sessions, account: accounts, verification: verifications } }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD, maxPasswordLength: 200 },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    // No cookie cache: a role change or a disabled account takes effect on the very next request.
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24, cookieCache: { enabled: false } },
    // Sign-ins have their own limits (failures per account and per address, lib/server/sign-in-guard.ts); better-auth's
    // per-path limits stay for its other endpoints, counted in the database so that every instance shares them.
    rateLimit: {
      enabled: true,
      customRules: { "/sign-in/*": false },
      customStorage: {
        consume: async (key, rule) => {
          const hit = await hitRateLimit(db, `auth:${key}`, { max: rule.max, windowSeconds: rule.window });
          return { allowed: hit.allowed, retryAfter: hit.allowed ? null : hit.retryAfter };
        },
      },
    },
    advanced: {
      cookiePrefix: "fleetprint",
      useSecureCookies: url?.startsWith("https://") ?? false,
      // Set by us on every request it sees (lib/server/sign-in-guard.ts authHeaders), never taken from the client.
      // Whole IPv6 addresses: this is what the audit log records.
      ipAddress: { ipAddressHeaders: [AUTH_IP_HEADER], ipv6Subnet: 128 },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const [u] = await db.select({ disabled: users.disabled }).from(users).where(eq(users.id, session.userId));
            if (!u || u.disabled) throw new APIError("FORBIDDEN", { message: "This account is disabled; ask an admin." });
          },
          after: async (session) => {
            const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, session.userId));
            // Canonical, and null (the page says "unknown") rather than a zero address: see auditAddress.
            if (u) await writeAudit(db, { name: u.email, ip: auditAddress(session.ipAddress) }, "user.sign-in", u.email);
          },
        },
      },
    },
    plugins: [nextCookies()], // last: lets server actions set and clear the session cookie
  });
}

export type Auth = ReturnType<typeof makeAuth>;

const g = globalThis as unknown as { __fleetprintAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  g.__fleetprintAuth ??= getDb()
    .then(makeAuth)
    .catch((e) => {
      g.__fleetprintAuth = undefined;
      throw e;
    });
  return g.__fleetprintAuth;
}
