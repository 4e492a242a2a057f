// Every table of every module, for drizzle-kit to generate migrations from.
export * from "../auth/api-key-schema";
export * from "../auth/schema";
export * from "../calendar/schema";
export * from "../catalog/schema";
export * from "../discovery/schema";
export * from "../games/schema";
export * from "../store/schema";
export * from "../streams/schema";
export * from "../subscriptions/schema";
export * from "../tickets/schema";
