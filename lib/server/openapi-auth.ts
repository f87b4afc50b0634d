import "server-only";
// better-auth's endpoints the app and scripts use, in the OpenAPI document: they live under /api/auth, not /api/v1
// (the generator gives such paths their own server). Scripts sign in there (then make an API token) and must handle 429.
import { DEFAULT_SIGN_IN_LIMITS } from "./sign-in-limits";

const { account, address } = DEFAULT_SIGN_IN_LIMITS;
const authError = {
  type: "object",
  description: "better-auth's error shape on /api/auth (not /api/v1's {error:{code,message}})",
  properties: { code: { type: "string" }, message: { type: "string" } },
};
const answer = (description: string, headers?: Record<string, unknown>) => ({ description, ...(headers ? { headers } : {}), content: { "application/json": { schema: authError } } });

export function signInPaths() {
  return {
    "/api/auth/sign-in/email": {
      post: {
        summary:
          "Sign in with email and password; the answer sets the session cookie (fleetprint.session_token). Send Origin (browsers do). " +
          `Failed sign-ins are limited per account (${account.max} per ${account.windowSeconds / 60} min) and per client address ` +
          `(${address.max} per ${address.windowSeconds / 60} min; FLEETPRINT_SIGNIN_* settings); past either, every attempt, right password ` +
          "included, answers 429 until the window ends. A success clears the account's failures.",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", required: ["email", "password"], properties: { email: { type: "string" }, password: { type: "string" }, rememberMe: { type: "boolean" } } },
            },
          },
        },
        responses: {
          "200": { description: "Signed in: Set-Cookie carries the session", content: { "application/json": { schema: { type: "object" } } } },
          "400": answer("Malformed input"),
          "401": answer("Wrong email or password"),
          "403": answer("The account is disabled, or the request has no Origin of this site"),
          "429": answer("Too many failed sign-ins for this account or from this address; the message says which", {
            "Retry-After": { description: "Seconds until the window ends and sign-in may be tried again", schema: { type: "integer" } },
          }),
        },
      },
    },
    "/api/auth/sign-out": {
      post: {
        summary: "Sign out: ends the session of the cookie sent (send Origin). API tokens are revoked at DELETE /api/v1/tokens/{id}, not here",
        responses: { "200": { description: "Signed out; Set-Cookie clears the session", content: { "application/json": { schema: { type: "object", properties: { success: { type: "boolean" } } } } } } },
      },
    },
    "/api/auth/get-session": {
      get: {
        summary: "The session of the cookie sent and its user, or null when not signed in",
        responses: { "200": { description: "{session, user} or null", content: { "application/json": { schema: { type: ["object", "null"] } } } } },
      },
    },
  };
}
