import { machineRoute } from "@/lib/server/machine-route";
import { MACHINE_PATHS } from "@/lib/server/machine-api";

// Identity here is the enroll secret in the body, checked by the service before anything is written.
export const POST = machineRoute(MACHINE_PATHS.enroll);
