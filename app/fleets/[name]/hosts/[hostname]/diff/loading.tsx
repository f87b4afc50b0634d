import { CardSkeleton, PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="the comparison">
      <CardSkeleton rows={16} />
    </PageSkeleton>
  );
}
