export * from "./auth";
export * from "./communities";
export * from "./applications";
export * from "./platform";
export * from "./memberships";
export * from "./content";
export * from "./experiments";
export * from "./profiles";
