"use server";

import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "@/lib/server/better-auth";
import { createAttemptLimiter } from "@/lib/server/attempt-limiter";
import { safeNextPath } from "@/lib/server/redirect-path";

export interface SignInState {
  error: string | null;
  email: string;
}

const g = globalThis as unknown as { __fleetprintSignInLimits?: { byEmail: ReturnType<typeof createAttemptLimiter>; byIp: ReturnType<typeof createAttemptLimiter> } };
const limits = (g.__fleetprintSignInLimits ??= {
  byEmail: createAttemptLimiter({ max: 10, windowMs: 10 * 60_000 }),
  byIp: createAttemptLimiter({ max: 50, windowMs: 10 * 60_000 }),
});

// Signing in is the one action that cannot check identity first: it is how identity is established.
export async function signIn(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "").trim().toLowerCase();
  const password = String(form.get("password") ?? "");
  const next = safeNextPath(String(form.get("next") ?? ""));
  if (!email || !password) return { error: "Enter your email and password.", email };
  const h = await headers();
  const ip = h.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
  const wait = Math.max(limits.byEmail.retryAfter(email), limits.byIp.retryAfter(ip));
  if (wait > 0) return { error: `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} min.`, email };
  try {
    await (await getAuth()).api.signInEmail({ body: { email, password, rememberMe: true }, headers: h });
  } catch (e) {
    if (!(e instanceof APIError)) throw e;
    if (e.statusCode === 401 || e.statusCode === 400) {
      limits.byEmail.fail(email);
      limits.byIp.fail(ip);
      return { error: "Wrong email or password.", email };
    }
    return { error: e.message || "Signing in failed.", email };
  }
  limits.byEmail.reset(email);
  redirect(next); // outside the try: redirect() works by throwing
}

export async function signOut(): Promise<void> {
  const h = await headers();
  await (await getAuth()).api.signOut({ headers: h }).catch(() => undefined); // already signed out is fine
  redirect("/sign-in");
}
