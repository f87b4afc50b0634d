import { getAuth } from "@/lib/server/better-auth";

// better-auth's own endpoints (sign-in/out, session, change-password): sign-up is disabled in its config.
async function handle(req: Request): Promise<Response> {
  return (await getAuth()).handler(req);
}

export { handle as GET, handle as POST };
