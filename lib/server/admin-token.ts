import "server-only";
// The bootstrap admin token: it can create users (POST /api/v1/users) and nothing else, and only while no active
// admin exists (lib/services/create-user.ts), so a fresh installation can get its first admin and a token read from
// a log later is worth nothing. If FLEETPRINT_ADMIN_TOKEN is unset, one is generated at first start, kept in the
// data folder with mode 0600, and shown once on the terminal (a non-terminal log says where the file is instead).
import { envOrDataSecret } from "./data-secret";
import { showOnce } from "./log";
import { newSecret } from "./secrets";

const g = globalThis as unknown as { __fleetprintAdminToken?: string };

export function getAdminToken(): string {
  if (g.__fleetprintAdminToken) return g.__fleetprintAdminToken;
  const { value: token, createdFile: file } = envOrDataSecret("FLEETPRINT_ADMIN_TOKEN", "admin-token", () => newSecret("fpa"));
  if (file) {
    showOnce(
      "a bootstrap admin token",
      token,
      file,
      `It can only create users, and only until an active admin exists. Make the first admin with:\n` +
        `    curl -X POST <url>/api/v1/users -H "Authorization: Bearer <token>" -H "Content-Type: application/json" \\\n` +
        `      -d '{"email":"you@example.com","name":"You","password":"<at least 10 characters>","role":"admin"}'\n`,
    );
  }
  return (g.__fleetprintAdminToken = token);
}
