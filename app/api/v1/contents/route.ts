import { machineRoute } from "@/lib/server/machine-route";
import { MACHINE_PATHS } from "@/lib/server/machine-api";

// The agent uploads the config contents a report's answer asked for (wantContent). Identity is the host key.
export const POST = machineRoute(MACHINE_PATHS.contents);
