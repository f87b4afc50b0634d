import { parseItemParam } from "@/lib/core/fleet-drift";
import { DRIFT_KIND_LABEL } from "@/components/host/labels";

/** The hosts table narrowed to one drift item (from the fleet drift table's "N hosts" link), with a way back. */
export function ItemFilterChip({ item, onClear }: { item: string; onClear: () => void }) {
  const parsed = parseItemParam(item);
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 bg-amber-50/60 px-3 py-2 text-sm text-amber-900" data-testid="item-filter">
      {parsed ? (
        <span>
          Only hosts with <span className="font-medium">{DRIFT_KIND_LABEL[parsed.kind].toLowerCase()}</span> on <span className="font-mono">{parsed.subject}</span>
        </span>
      ) : (
        <span>
          Ignored the item filter <span className="font-mono">{item}</span>: it is not kind:subject.
        </span>
      )}
      <button type="button" className="font-medium text-blue-700 hover:underline" onClick={onClear} data-testid="item-filter-clear">
        show all hosts
      </button>
    </div>
  );
}
