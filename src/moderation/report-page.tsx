import type { Community, Post, Space } from "../../drizzle";
import { ErrorSummary, Notices } from "../communities/admin-layout";
import { TextArea } from "../communities/fields";
import { formatDateTime } from "../ui/format";
import { Layout } from "../ui/layout";
import { excerpt } from "./excerpt";
import { MAX_REPORT_REASON } from "./schemas";

/**
 * The report form on its own page, /c/:slug/report/:postId (also where a failed report from the
 * thread page lands). The thread page carries the same form posting to `reportAction(...)`:
 * POST /c/:slug/s/:space/t/:threadId/report with `post_id` and `reason`.
 */
export interface ReportPageProps {
  community: Community;
  space: Space;
  post: Post;
  author: string;
  reason?: string;
  errors?: Record<string, string>;
  error?: string | null;
  done?: boolean;
}

export const reportAction = (community: Pick<Community, "slug">, space: Pick<Space, "slug">, post: Pick<Post, "id" | "parentId">) =>
  `/c/${community.slug}/s/${space.slug}/t/${post.parentId ?? post.id}/report`;

export const threadLink = (community: Pick<Community, "slug">, space: Pick<Space, "slug">, post: Pick<Post, "id" | "parentId">) =>
  `/c/${community.slug}/s/${space.slug}/t/${post.parentId ?? post.id}${post.parentId ? `#p-${post.id}` : ""}`;

export function ReportPage({ community, space, post, author, reason, errors = {}, error, done }: ReportPageProps) {
  return (
    <Layout title={`Report a post · ${community.name}`} narrow>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>{community.name}</a> · {space.name}
      </p>
      <h1>Report a post</h1>
      <Notices flash={done ? "Thank you. A moderator will look at it; the author is not told who reported it." : null} error={error} />
      <section class="card" aria-labelledby="reported-h">
        <h2 id="reported-h">{post.title ?? (post.parentId ? "A reply" : "A post")}</h2>
        <p class="muted">
          {author} · {formatDateTime(post.createdAt)}
        </p>
        <p>{excerpt(post.body, 600)}</p>
        <p>
          <a href={threadLink(community, space, post)}>Back to the conversation</a>
        </p>
      </section>
      {done ? null : (
        <form method="post" action={`/c/${community.slug}/report/${post.id}`} novalidate>
          <ErrorSummary errors={errors} labels={{ reason: "Reason" }} />
          <TextArea
            id="report-reason"
            name="reason"
            label="What is wrong with this post?"
            hint={`Only moderators see this (up to ${MAX_REPORT_REASON} characters).`}
            value={reason}
            error={errors.reason}
            rows={4}
            maxlength={MAX_REPORT_REASON}
            required
          />
          <div class="actions">
            <button type="submit" class="btn">
              Send report
            </button>
          </div>
        </form>
      )}
    </Layout>
  );
}
