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
import { getAuthSecret } from "./auth-secret";

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
    rateLimit: { enabled: true, storage: "memory", customRules: { "/sign-in/email": { window: 60, max: 30 } } },
    advanced: { cookiePrefix: "fleetprint", useSecureCookies: url?.startsWith("https://") ?? false },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const [u] = await db.select({ disabled: users.disabled }).from(users).where(eq(users.id, session.userId));
            if (!u || u.disabled) throw new APIError("FORBIDDEN", { message: "This account is disabled; ask an admin." });
          },
          after: async (session) => {
            const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, session.userId));
            if (u) await writeAudit(db, { name: u.email, ip: session.ipAddress ?? null }, "user.sign-in", u.email);
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
