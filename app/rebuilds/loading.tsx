import { CardSkeleton, PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="the rebuild requests">
      <CardSkeleton rows={10} />
    </PageSkeleton>
  );
}
