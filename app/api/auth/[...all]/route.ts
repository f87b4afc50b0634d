import { handleAuthRequest } from "@/lib/server/auth-endpoint";

// better-auth's own endpoints (sign-in/out, session, change-password): sign-up is disabled in its config, and
// sign-ins are counted against the account and the client address first (lib/server/sign-in-guard.ts).
export { handleAuthRequest as GET, handleAuthRequest as POST };
