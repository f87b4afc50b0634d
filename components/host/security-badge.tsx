import { SECURITY_MULTIPLIER, securityAreaOf } from "@/lib/core/security-paths";

/** "security" on drift items and snowflake reasons whose path is security-relevant (lib/core/security-paths). */
export function SecurityBadge({ subject }: { subject: string }) {
  const area = securityAreaOf(subject);
  if (!area) return null;
  return (
    <span className="rounded bg-red-100 px-1.5 text-xs font-semibold text-red-800" title={`Security-relevant (${area}): listed first, weighs ×${SECURITY_MULTIPLIER} in the snowflake score`} data-testid="security-badge">
      security
    </span>
  );
}
