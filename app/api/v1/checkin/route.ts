import { machineRoute } from "@/lib/server/machine-route";
import { MACHINE_PATHS } from "@/lib/server/machine-api";

// Identity is the host key (Authorization: Bearer), checked by lib/server/machine-api.
export const POST = machineRoute(MACHINE_PATHS.checkin);
