import { PageSkeleton } from "@/components/page/page-skeleton";

export default function Loading() {
  return <PageSkeleton shape="form" label="the fleet's policy" />;
}
