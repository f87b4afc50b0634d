import { shortDigest } from "@/lib/core/image-ref";
import { Badge } from "@/components/ui/badge";

/** A spec version published from an image: its short digest (the full one on hover) and the tag it was pushed as. */
export function ImageBadge({ digest, tag }: { digest: string | null | undefined; tag?: string | null }) {
  if (!digest) return null;
  return (
    <span className="inline-flex flex-wrap items-center gap-1" data-testid="spec-version-image">
      <Badge tone="violet" title={digest}>
        <span className="font-mono">{shortDigest(digest)}</span>
      </Badge>
      {tag && (
        <span className="font-mono text-xs text-slate-600" data-testid="spec-version-image-tag">
          {tag}
        </span>
      )}
    </span>
  );
}
