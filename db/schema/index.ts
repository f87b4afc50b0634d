export * from "./fleets";
export * from "./fingerprints";
export * from "./hosts";
export * from "./audit";
export * from "./rebuilds";
export * from "./auth";
export * from "./alerts";
