import { CardSkeleton, PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="the audit log">
      <CardSkeleton rows={3} />
      <CardSkeleton rows={14} />
    </PageSkeleton>
  );
}
