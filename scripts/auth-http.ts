// Talking to a running Fleetprint as a person would, for scripts and tests: sign in (better-auth's endpoint),
// then make a personal API token with that session. Only fetch: no app code is imported.

export const SESSION_COOKIE = "fleetprint.session_token";

/** Signs in with email and password; returns the Cookie header value that carries the session. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    // better-auth refuses a sign-in without an Origin (CSRF protection); a browser always sends one.
    headers: { "content-type": "application/json", origin: new URL(base).origin },
    body: JSON.stringify({ email, password }),
  });
  if (!r.ok) throw new Error(`sign-in as ${email}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`sign-in as ${email}: no ${SESSION_COOKIE} cookie in the response`);
  return cookie.split(";")[0];
}

export async function createToken(base: string, cookie: string, name: string): Promise<{ id: number; token: string }> {
  // A write carried by a session cookie must say where it comes from, as a browser's does (proxy.ts refuses it otherwise).
  const r = await fetch(`${base}/api/v1/tokens`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: new URL(base).origin }, body: JSON.stringify({ name }) });
  if (r.status !== 201) throw new Error(`create token ${name}: ${r.status} ${await r.text()}`);
  return (await r.json()) as { id: number; token: string };
}

/** Creates a user with the bootstrap admin token (or an admin's API token). */
export async function createUser(base: string, bearer: string, user: { email: string; name: string; password: string; role: string }): Promise<{ id: string }> {
  const r = await fetch(`${base}/api/v1/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  if (r.status !== 201) throw new Error(`create user ${user.email}: ${r.status} ${await r.text()}`);
  return (await r.json()) as { id: string };
}
