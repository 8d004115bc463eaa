import type { ApiRouteList } from "./openapi";
import { communitiesApi } from "./communities";
import { contentApi } from "../content/api";
import { experimentsApi } from "./experiments";
import { giftsApi } from "../gifts/api";
import { groupsApi } from "../groups/api";
import { insightsApi } from "../insights/api";
import { meApi } from "./me";
import { memberExportsApi } from "../members/exports-api";
import { membersApi } from "./members";
import { promotionsApi } from "../promotions/api";
import { questionsApi } from "./questions";
import { referralsApi } from "../referrals/api";
import { reviewApi } from "./review";
import { submissionsApi } from "./submissions";
import { tiersApi } from "./tiers";

/**
 * The API's core: communities, applications and review, tiers, members, joining, drops, price
 * experiments, referrals, promotion codes, insights, groups and gifts. The API Worker
 * (src/api/index.ts) answers these; the community space's resources are the community API
 * Worker's (src/api/community.ts, src/routing.ts). In this order: where two routes match a path,
 * the earlier answers (GET /members/exports is also a /members/{id}).
 */
export const CORE_API: ApiRouteList[] = [
  communitiesApi,
  questionsApi,
  submissionsApi,
  reviewApi,
  tiersApi,
  memberExportsApi,
  membersApi,
  meApi,
  contentApi,
  experimentsApi,
  referralsApi,
  promotionsApi,
  insightsApi,
  groupsApi,
  giftsApi,
];
