import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { applications } from "../../drizzle";

/**
 * How the front page and search name the author of a post: the name they gave on their
 * application to this community, else "Member". Never any part of the email. The one place to
 * switch to member profiles' display names.
 */
export function authorNameSql(communityId: SQLWrapper, email: SQLWrapper): SQL<string | null> {
  return sql<string | null>`(select ${applications.name} from ${applications}
    where ${applications.communityId} = ${communityId} and ${applications.email} = ${email}
    order by ${applications.createdAt} desc limit 1)`;
}

export function authorName(applicationName: string | null | undefined): string {
  const name = applicationName?.trim();
  return name ? name : "Member";
}
