// The statuses of a fleet policy change (four-eyes: pending until a second admin applies or rejects it; a newer
// change supersedes an older pending one). The table's column type and the API description read this one array.
export const POLICY_CHANGE_STATUSES = ["pending", "applied", "rejected", "superseded"] as const;
export type PolicyChangeStatus = (typeof POLICY_CHANGE_STATUSES)[number];
