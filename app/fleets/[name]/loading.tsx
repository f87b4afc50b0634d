import { Bone, CardSkeleton, PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="the fleet">
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Bone key={i} className="h-20" />
        ))}
      </div>
      <CardSkeleton rows={12} />
    </PageSkeleton>
  );
}
