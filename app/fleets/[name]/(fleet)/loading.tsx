import { PageSkeleton } from "@/components/page/page-skeleton";

export default function Loading() {
  return <PageSkeleton shape="dashboard" label="the fleet" />;
}
