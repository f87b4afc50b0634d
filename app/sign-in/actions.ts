"use server";

import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "@/lib/server/better-auth";
import { clientIpOf } from "@/lib/server/client-ip";
import { AppError } from "@/lib/server/errors";
import { safeNextPath } from "@/lib/server/redirect-path";
import { authHeaders, limitSignIn } from "@/lib/server/sign-in-guard";

export interface SignInState {
  error: string | null;
  email: string;
}

// Signing in is the one action that cannot check identity first: it is how identity is established. It counts
// against the same limits as better-auth's HTTP endpoint (lib/server/sign-in-guard.ts).
export async function signIn(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "").trim().toLowerCase();
  const password = String(form.get("password") ?? "");
  const next = safeNextPath(String(form.get("next") ?? ""));
  if (!email || !password) return { error: "Enter your email and password.", email };
  const h = await headers();
  const ip = clientIpOf(h);
  const auth = await getAuth();
  let error: string | null;
  try {
    error = await limitSignIn(email, ip, () => attempt(auth, email, password, authHeaders(h, ip)), (e) => e === null);
  } catch (e) {
    if (e instanceof AppError && e.code === "too_many_requests") return { error: e.message, email };
    throw e;
  }
  if (error) return { error, email };
  redirect(next); // outside the try: redirect() works by throwing
}

/** null when signed in, else what to tell the person. */
async function attempt(auth: Awaited<ReturnType<typeof getAuth>>, email: string, password: string, h: Headers): Promise<string | null> {
  try {
    await auth.api.signInEmail({ body: { email, password, rememberMe: true }, headers: h });
    return null;
  } catch (e) {
    if (!(e instanceof APIError)) throw e;
    if (e.statusCode === 401 || e.statusCode === 400) return "Wrong email or password.";
    return e.message || "Signing in failed.";
  }
}

export async function signOut(): Promise<void> {
  const h = await headers();
  await (await getAuth()).api.signOut({ headers: h }).catch(() => undefined); // already signed out is fine
  redirect("/sign-in");
}
