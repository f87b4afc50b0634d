import { requirePageRole } from "@/lib/server/auth";

/** Admins only, checked above loading.tsx so a refusal is a real 403 (a streamed skeleton would make it 200). */
export default async function AuditLayout({ children }: { children: React.ReactNode }) {
  await requirePageRole("admin");
  return children;
}
