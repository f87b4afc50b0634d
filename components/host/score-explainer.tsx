import { KIND_WEIGHTS } from "@/lib/core/snowflake";
import { SECURITY_AREAS, SECURITY_GLOBS, SECURITY_MULTIPLIER } from "@/lib/core/security-paths";
import { Card, CardHeader } from "@/components/ui/stat";
import { SNOWFLAKE_KIND_LABEL } from "./labels";

/**
 * How the snowflake score works, with the numbers the scorer uses (KIND_WEIGHTS, SECURITY_MULTIPLIER) and this
 * fleet's threshold: a score a person cannot check is a score nobody acts on.
 */
export function ScoreExplainer({ threshold, isDefault }: { threshold: number; isDefault: boolean }) {
  const kinds = Object.entries(KIND_WEIGHTS) as [keyof typeof KIND_WEIGHTS, number][];
  return (
    <Card testId="score-explainer">
      <CardHeader title="How the snowflake score works" />
      <div className="space-y-3 px-4 py-3 text-sm text-slate-700">
        <p>
          Each way this host differs from most of its peers adds <em>weight × rarity</em>: rarity is 1 when no other host shares the value and falls
          to 0 at half the fleet. A host is a snowflake at a score of{" "}
          <strong data-testid="score-threshold">{threshold}</strong> or more ({isDefault ? "the product default" : "this fleet's setting, rebuild policy page"}).
        </p>
        <table className="w-full text-xs">
          <tbody className="divide-y divide-slate-100">
            {kinds.map(([k, w]) => (
              <tr key={k}>
                <td className="py-1 text-slate-600">{SNOWFLAKE_KIND_LABEL[k]}</td>
                <td className="py-1 text-right tabular-nums">{w}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p data-testid="security-explainer">
          Security-relevant paths weigh <strong>×{SECURITY_MULTIPLIER}</strong> and are listed first: {SECURITY_AREAS.map((a) => a.area).join(", ")}{" "}
          <span className="text-xs text-slate-500">({SECURITY_GLOBS.join(" ")})</span>.
        </p>
      </div>
    </Card>
  );
}
