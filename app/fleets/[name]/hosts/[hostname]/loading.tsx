import { CardSkeleton, PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="the host">
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-6">
          <CardSkeleton rows={10} />
          <CardSkeleton rows={4} />
        </div>
        <div className="space-y-6">
          <CardSkeleton rows={8} />
          <CardSkeleton rows={5} />
        </div>
      </div>
    </PageSkeleton>
  );
}
