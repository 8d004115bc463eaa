import { COMMUNITY_API } from "./community";
import { CORE_API } from "./core";

/** Every resource group of the JSON API: both Workers' (src/routing.ts), as its OpenAPI document lists them. */
export const ALL_API = [...CORE_API, ...COMMUNITY_API];
