import { and, asc, eq, sql } from "drizzle-orm";
import { applicationGroups, applications, groupSeats, OPEN_STATUSES, type Application, type ApplicationGroup, type Community, type GroupSeat } from "../../drizzle";
import { questionsQuery } from "../communities/service";
import { submitCheckQueries, submitChecked } from "../applications/service";
import type { ApplicationSubmit } from "../applications/schemas";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { groupOfferQuery, offerIsLive } from "./offer";
import { groupIdSchema } from "./schemas";

/**
 * Group applications (拼团). Every member applies with the community's questionnaire and is
 * reviewed alone; their card is authorised for the full fee (authorize-then-capture, whatever the
 * community's usual policy), and src/groups/settle.ts captures the group price once the group
 * filled and the member is approved.
 */

export interface GroupJoinResult {
  application: Application;
  group: ApplicationGroup;
}

const openStatusList = sql.join(OPEN_STATUSES.map((s) => sql`${s}`), sql`, `);

/** The applicant's open application, as a subquery: what the group and seat rows hang on. */
function openApplicationOf(communityId: string, email: string) {
  return sql`(select ${applications.id} from ${applications} where ${applications.communityId} = ${communityId} and ${applications.email} = ${email} and ${applications.status} in (${openStatusList}))`;
}

/**
 * Takes the next seat of a group for the application just inserted in the same batch. The seat
 * number is the group's count plus one, and NULL (refused by the NOT NULL column, which rolls the
 * whole batch back, application included) when the group is full, closed or past its deadline: a
 * race for the last seat is decided inside SQLite, where batches run one at a time, and the unique
 * (group, seat) index backs it. An application closed at once by a knockout takes no seat.
 */
function takeSeat(db: Db, groupId: string, community: Community, email: string, at: Date) {
  const ms = at.getTime();
  const taken = sql`(select count(*) from ${groupSeats} where ${groupSeats.groupId} = ${groupId})`;
  return db.insert(groupSeats).select(
    sql`select ${groupId}, ${openApplicationOf(community.id, email)},
      case when g.status = 'open' and g.deadline > ${ms} and ${taken} < g.size then ${taken} + 1 end, null, ${ms}
      from ${applicationGroups} g where g.id = ${groupId} and exists ${openApplicationOf(community.id, email)}`,
  );
}

/** A group for the starter's application, only if that application stays open (no knockout). */
function createGroupRow(db: Db, group: ApplicationGroup, email: string) {
  const g = group;
  // Columns in table order: id, community, size, full fee, group fee, currency, rule, status, deadline, starter, filled, closed, created.
  return db
    .insert(applicationGroups)
    .select(
      sql`select ${g.id}, ${g.communityId}, ${g.size}, ${g.fullFee}, ${g.groupFee}, ${g.currency}, ${g.onUnfilled}, 'open', ${g.deadline.getTime()}, ${g.startedBy}, null, null, ${g.createdAt.getTime()}
        where exists ${openApplicationOf(g.communityId, email)}`,
    );
}

function isSeatRefusal(e: unknown): boolean {
  return /NOT NULL constraint failed: group_seats\.seat|UNIQUE constraint failed: group_seats\.group_id/.test(String(e));
}

/** Submits the first member's application and starts their group, in one batch. */
export async function startGroup(deps: Deps, community: Community, input: ApplicationSubmit): Promise<GroupJoinResult> {
  const db = deps.db;
  const [offerRows, banned, open, questions] = await db.batch([groupOfferQuery(db, community.id), ...submitCheckQueries(db, community.id, input.email), questionsQuery(db, community.id)]);
  const offer = offerRows[0];
  if (!offerIsLive(offer, community)) throw AppError.conflict(`${community.name} does not offer group applications right now`);
  const now = deps.now();
  const group: ApplicationGroup = {
    id: newId("grp"),
    communityId: community.id,
    size: offer.size,
    fullFee: community.feeAmount,
    groupFee: offer.groupFee,
    currency: community.currency,
    onUnfilled: offer.onUnfilled,
    status: "open",
    deadline: new Date(now.getTime() + offer.hours * 3_600_000),
    startedBy: input.email,
    filledAt: null,
    closedAt: null,
    createdAt: now,
  };
  const application = await submitChecked(deps, asGroupCommunity(community), input, fullFee(community), { banned: banned.length > 0, open: open[0], questions }, [
    createGroupRow(db, group, input.email),
    takeSeat(db, group.id, community, input.email, now),
  ]);
  return { application, group };
}

/** Submits a friend's application into an open group; a full, closed or unknown group is refused and nothing is written. */
export async function joinGroup(deps: Deps, community: Community, groupId: string, input: ApplicationSubmit): Promise<GroupJoinResult> {
  const db = deps.db;
  const [groupRows, seats, banned, open, questions] = await db.batch([...groupQueries(db, community.id, groupId), ...submitCheckQueries(db, community.id, input.email), questionsQuery(db, community.id)]);
  const group = refuseClosed(groupRows[0], seats, deps.now());
  try {
    const application = await submitChecked(deps, asGroupCommunity(community), input, { feeAmount: group.fullFee, variantId: null, visitorId: null }, { banned: banned.length > 0, open: open[0], questions }, [
      takeSeat(db, group.id, community, input.email, deps.now()),
    ]);
    return { application, group };
  } catch (e) {
    if (!isSeatRefusal(e)) throw e;
    // Lost the race for the last seat (or the deadline passed meanwhile): say which.
    const [again, seatsNow] = await db.batch(groupQueries(db, community.id, groupId));
    refuseClosed(again[0], seatsNow, deps.now());
    throw AppError.conflict("This group filled up a moment ago");
  }
}

/** Group applications are always authorised first and captured later, at the group's price. */
function asGroupCommunity(community: Community): Community {
  return { ...community, feePolicy: "authorize_capture" };
}

function fullFee(community: Community) {
  return { feeAmount: community.feeAmount, variantId: null, visitorId: null };
}

export function groupQueries(db: Db, communityId: string, groupId: string) {
  const id = groupIdSchema.safeParse(groupId).success ? groupId : "";
  return [
    db.select().from(applicationGroups).where(and(eq(applicationGroups.id, id), eq(applicationGroups.communityId, communityId))).limit(1),
    db.select().from(groupSeats).where(eq(groupSeats.groupId, id)).orderBy(asc(groupSeats.seat)),
  ] as const;
}

/** The group if a new member may still join it; otherwise the 404 or 409 that says why not. */
export function refuseClosed(group: ApplicationGroup | undefined, seats: GroupSeat[], now: Date): ApplicationGroup {
  if (!group) throw AppError.notFound("Group");
  if (group.status !== "open" || group.deadline <= now) throw AppError.conflict("This group has closed; you can still apply on your own");
  if (seats.length >= group.size) throw AppError.conflict("This group is full; you can start your own or apply on your own");
  return group;
}

export interface GroupView {
  group: ApplicationGroup;
  seats: GroupSeat[];
}

export async function loadGroup(db: Db, communityId: string, groupId: string): Promise<GroupView> {
  const [groupRows, seats] = await db.batch(groupQueries(db, communityId, groupId));
  if (!groupRows[0]) throw AppError.notFound("Group");
  return { group: groupRows[0], seats };
}
