import type { Community, Space } from "../../drizzle";
import type { FieldErrors } from "../communities/forms";
import { formatDateTime } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { NewPostForm } from "./post-form-view";
import type { PostFormValues } from "./post-form";
import type { SpacePage, ThreadSort, ThreadSummary } from "./threads";

/** A space: its threads (pinned first, then newest or most active, a page at a time) and the new-post form. */

export interface SpacePageProps {
  community: Community;
  space: Space;
  page: SpacePage;
  sort: ThreadSort;
  /** null: the viewer may post (the form shows); else why not. */
  refusal: string | null;
  form: { values: PostFormValues; errors: FieldErrors };
}

export const spaceBase = (community: Pick<Community, "slug">, space: Pick<Space, "slug">) => `/c/${community.slug}/s/${space.slug}`;

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function ThreadItem({ base, t }: { base: string; t: ThreadSummary }) {
  const excerpt = t.excerpt.length >= 280 ? `${t.excerpt.trimEnd()}…` : t.excerpt;
  return (
    <li class="card" id={`t-${t.id}`}>
      <h3 style="margin:0 0 .3rem">
        <a href={`${base}/t/${t.id}`}>{t.title || excerpt.slice(0, 80) || "Untitled"}</a>{" "}
        {t.pinnedAt ? <span class="badge">Pinned</span> : null} {t.lockedAt ? <span class="badge">Locked</span> : null}
        {t.status === "held" ? <span class="badge held">Waiting for a moderator</span> : null}
        {t.status === "removed" ? <span class="badge rejected">Removed</span> : null}
      </h3>
      {t.status === "removed" ? (
        <p>Removed by a moderator{t.removedReason ? `: ${t.removedReason}` : ""}.</p>
      ) : t.title ? (
        <p class="muted" style="margin:.2rem 0;white-space:pre-line;overflow-wrap:anywhere">{excerpt}</p>
      ) : null}
      <p class="muted" style="margin:0">
        {t.authorName} · {formatDateTime(t.createdAt)} · {plural(t.replyCount, "reply", "replies")} · {plural(t.reactionCount, "reaction", "reactions")}
      </p>
    </li>
  );
}

function Threads({ base, label, threads }: { base: string; label: string; threads: ThreadSummary[] }) {
  if (!threads.length) return null;
  return (
    <ul style="list-style:none;padding:0" aria-label={label}>
      {threads.map((t) => (
        <ThreadItem base={base} t={t} />
      ))}
    </ul>
  );
}

export function SpacePageView({ community, space, page: p, sort, refusal, form }: SpacePageProps) {
  const base = spaceBase(community, space);
  const sortLink = (s: ThreadSort, label: string) => (
    <a href={s === "new" ? base : `${base}?sort=${s}`} class={s === sort ? "btn small" : "btn small secondary"} aria-current={s === sort ? "page" : undefined}>
      {label}
    </a>
  );
  return (
    <Layout title={`${space.name} · ${community.name}`}>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>← {community.name}</a>
      </p>
      <h1>
        {space.emoji ? <span aria-hidden="true">{space.emoji} </span> : null}
        {space.name}
      </h1>
      {space.description ? <p class="lead">{space.description}</p> : null}
      {space.archivedAt ? <p class="notice warn">This space is archived: members no longer see it.</p> : null}
      {refusal ? (
        <p class="notice" role="status">
          {refusal}.
        </p>
      ) : (
        <NewPostForm action={`${base}/posts`} values={form.values} errors={form.errors} />
      )}
      {p.mine.length ? (
        <section aria-labelledby="mine-h">
          <h2 id="mine-h">Your posts not shown to others</h2>
          <Threads base={base} label="Your held or removed threads" threads={p.mine} />
        </section>
      ) : null}
      <section aria-labelledby="threads-h">
        <h2 id="threads-h">Threads</h2>
        <nav class="actions" aria-label="Order">
          {sortLink("new", "Newest")}
          {sortLink("active", "Most active")}
        </nav>
        <Threads base={base} label="Pinned threads" threads={p.pinned} />
        <Threads base={base} label="Threads" threads={p.threads} />
        {!p.pinned.length && !p.threads.length ? <p class="muted">No threads here yet.</p> : null}
        {p.next ? (
          <nav class="pager" aria-label="Pages">
            <a href={`${base}?${new URLSearchParams({ ...(sort === "active" ? { sort } : {}), cursor: p.next })}`} class="btn secondary">
              Older threads
            </a>
          </nav>
        ) : null}
      </section>
    </Layout>
  );
}

export const renderSpacePage = (props: SpacePageProps) => page(<SpacePageView {...props} />);
