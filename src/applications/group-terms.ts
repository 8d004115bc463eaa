import { and, asc, eq, inArray, sql, type SQLWrapper } from "drizzle-orm";
import { applicationGroups, groupSeats, moneyActions, type Application } from "../../drizzle";
import type { Db } from "../lib/db";

/**
 * How a group application's fee is captured (see src/groups/). The claim of a capture asks these
 * in its own statement, so the group's state at the moment of the claim decides, atomically:
 * - while the group is still filling, no capture is claimed (an approval waits for the group);
 * - once it filled, the capture is the group price (a partial capture of the full-fee hold);
 * - otherwise (no group, or one that did not fill under "capture the full fee"), the full fee.
 */
export function captureAmountSql(app: Pick<Application, "id" | "feeAmount">) {
  return sql`coalesce((select ${applicationGroups.groupFee} from ${groupSeats} join ${applicationGroups} on ${applicationGroups.id} = ${groupSeats.groupId} where ${groupSeats.applicationId} = ${app.id} and ${applicationGroups.status} = 'filled'), ${app.feeAmount})`;
}

export function captureWaitsSql(app: Pick<Application, "id">) {
  return sql`exists (select 1 from ${groupSeats} join ${applicationGroups} on ${applicationGroups.id} = ${groupSeats.groupId} where ${groupSeats.applicationId} = ${app.id} and ${applicationGroups.status} = 'open')`;
}

/**
 * The status page's view of the application's group and of what was captured, as statements for
 * its one batch (keyed by a subquery for the application id, like the page's other reads).
 */
export function groupStatusQueries(db: Db, appId: SQLWrapper) {
  const groupId = db.select({ id: groupSeats.groupId }).from(groupSeats).where(inArray(groupSeats.applicationId, appId));
  return [
    db.select().from(applicationGroups).where(inArray(applicationGroups.id, groupId)).limit(1),
    db.select().from(groupSeats).where(inArray(groupSeats.groupId, groupId)).orderBy(asc(groupSeats.seat)),
    db.select({ amount: moneyActions.amount }).from(moneyActions).where(and(inArray(moneyActions.applicationId, appId), eq(moneyActions.kind, "capture"), eq(moneyActions.status, "done"))),
  ] as const;
}
