import type { ApiRouteList } from "./openapi";
import { eventsApi } from "../events/api";
import { homeApi } from "../home/api";
import { honoursApi } from "../honours/api";
import { moderationApi } from "../moderation/api";
import { notificationsApi } from "../notifications/api";
import { peopleApi } from "../profiles/people-api";
import { profilesApi } from "../profiles/api";
import { spacesApi } from "../spaces/api";

/**
 * The community space's resources: spaces, threads and replies, moderation, search, notifications,
 * profiles and people, events, and honours. The community API Worker (src/api/community-index.ts)
 * answers these, under the areas src/routing.ts lists in COMMUNITY_API_AREAS; the rest is the API
 * Worker's (src/api/core.ts).
 */
export const COMMUNITY_API: ApiRouteList[] = [
  moderationApi,
  homeApi,
  notificationsApi,
  profilesApi,
  peopleApi,
  spacesApi,
  eventsApi,
  honoursApi,
];
