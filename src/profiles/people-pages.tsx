import type { Community } from "../../drizzle";
import { SelectField, TextField } from "../communities/fields";
import { formatDate } from "../ui/format";
import { Layout, page } from "../ui/layout";
import type { DirectoryFilters, DirectoryPage, PersonCard } from "./directory";
import type { Introduction } from "./introductions";
import { Avatar } from "./page";
import type { PersonView } from "./person";

/** The directory (with "people you should meet" on top) and one member's profile page. */

const STYLES = `
.people{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(260px,1fr))}
.people>li{margin:0}.people .card{height:100%;margin:0}
.person-head{display:flex;gap:.75rem;align-items:center}.person-head h2,.person-head h3{margin:0;font-size:1.1rem;overflow-wrap:anywhere}
.answers{margin:.5rem 0 0;padding:0}.answers dt{font-size:.85rem;color:var(--muted)}.answers dd{margin:0 0 .4rem;overflow-wrap:anywhere}
.intro-list{list-style:none;padding:0;margin:0}.intro-list li{display:flex;gap:.75rem;align-items:center;padding:.5rem 0;border-bottom:1px solid var(--line)}
.intro-list li:last-child{border-bottom:0}.intro-list p{margin:0}
.bio{white-space:pre-line;overflow-wrap:anywhere}
`;

const base = (community: Community) => `/c/${community.slug}/people`;

export interface DirectoryViewProps {
  community: Community;
  page: DirectoryPage;
  filters: DirectoryFilters;
  /** What the visitor typed, to show back in the form. */
  values: { q: string; tier: string; city: string; new: boolean; answers: Record<string, string> };
  introductions: Introduction[];
  /** The query string of the current filters, for the next page's link. */
  query: string;
}

export function DirectoryView({ community, page: dir, values, introductions, query }: DirectoryViewProps) {
  const filtered = !!(values.q || values.tier || values.city || values.new || Object.values(values.answers).some(Boolean));
  return (
    <Layout title={`People · ${community.name}`} styles={STYLES}>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>← {community.name}</a>
      </p>
      <h1>People</h1>
      <p>
        Members of {community.name} who set up their profile. <a href={`/c/${community.slug}/profile`}>Your profile</a> to choose what others see.
      </p>
      <section class="card" aria-labelledby="meet-h" data-testid="introductions">
        <h2 id="meet-h">People you should meet</h2>
        {introductions.length ? (
          <ul class="intro-list">
            {introductions.map((i) => (
              <li>
                <Avatar shown={i.name} size={40} />
                <p>
                  <a href={`${base(community)}/${i.publicId}`}>
                    <strong>{i.name.name}</strong>
                  </a>
                  <br />
                  <span class="muted" data-testid="reason">
                    {i.reason}
                  </span>
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No suggestions yet. Add your city and show some answers on your profile: introductions come from what you and others choose to show.</p>
        )}
      </section>
      <Filters community={community} page={dir} values={values} />
      <h2 id="list-h">{filtered ? "Matching members" : "Everyone"}</h2>
      {dir.people.length ? (
        <ul class="people" aria-labelledby="list-h">
          {dir.people.map((p) => (
            <li>
              <Card community={community} person={p} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="notice">{filtered ? "Nobody matches these filters." : "Nobody has set up a profile yet."}</p>
      )}
      {dir.next ? (
        <nav class="pager" aria-label="More people">
          <a href={`${base(community)}?${query}${query ? "&" : ""}cursor=${encodeURIComponent(dir.next)}`} rel="next">
            More people
          </a>
        </nav>
      ) : null}
    </Layout>
  );
}

function Filters({ community, page: dir, values }: { community: Community; page: DirectoryPage; values: DirectoryViewProps["values"] }) {
  return (
    <form method="get" action={base(community)} class="card" role="search" aria-label="Filter the directory">
      <div class="grid">
        <TextField id="q" name="q" label="Name" value={values.q} maxlength={60} inputmode="search" />
        <SelectField id="tier" name="tier" label="Tier" value={values.tier} options={[{ value: "", label: "Any tier" }, ...dir.tiers.map((t) => ({ value: t.id, label: t.name }))]} />
        <TextField id="city" name="city" label="City" value={values.city} maxlength={60} />
        {dir.questions
          .filter((q) => q.kind !== "long_text")
          .map((q) =>
            q.kind === "single_choice" || q.kind === "multi_choice" ? (
              <SelectField id={`a-${q.id}`} name={`a.${q.id}`} label={q.label} value={values.answers[q.id] ?? ""} options={[{ value: "", label: "Any" }, ...q.options.map((o) => ({ value: o, label: o }))]} />
            ) : (
              <TextField id={`a-${q.id}`} name={`a.${q.id}`} label={q.label} value={values.answers[q.id] ?? ""} maxlength={60} hint="One value, as members wrote it" />
            ),
          )}
      </div>
      <div class="field">
        <label class="choice" for="new">
          <input type="checkbox" id="new" name="new" value="1" checked={values.new} />
          <span>New this month (joined in the last 30 days)</span>
        </label>
      </div>
      <div class="actions">
        <button type="submit" class="btn">
          Filter
        </button>
        <a class="btn secondary" href={base(community)}>
          Clear filters
        </a>
      </div>
    </form>
  );
}

function Answers({ person }: { person: PersonCard }) {
  if (!person.answers.length) return null;
  return (
    <dl class="answers">
      {person.answers.map((a) => (
        <>
          <dt>{a.label}</dt>
          <dd>{a.text}</dd>
        </>
      ))}
    </dl>
  );
}

const standingLabel = (s: string | null) => (s === "owner" ? "Host" : s === "moderator" ? "Moderator" : s);

function Card({ community, person }: { community: Community; person: PersonCard }) {
  const href = `${base(community)}/${person.publicId}`;
  return (
    <article class="card" data-person={person.publicId}>
      <div class="person-head">
        <Avatar shown={person.name} />
        <div>
          <h3>
            <a href={href}>{person.name.name}</a>
          </h3>
          <span class="muted">
            {[standingLabel(person.standing), person.city].filter(Boolean).join(" · ")}
          </span>
        </div>
      </div>
      <Answers person={person} />
      <p>
        <a href={`${href}#posts`}>
          Recent posts<span class="visually-hidden"> by {person.name.name}</span>
        </a>
      </p>
    </article>
  );
}

export function PersonPage({ community, view }: { community: Community; view: PersonView }) {
  const { card, links, posts } = view;
  return (
    <Layout title={`${card.name.name} · ${community.name}`} styles={STYLES} narrow>
      <p class="muted">
        <a href={base(community)}>← People in {community.name}</a>
      </p>
      <div class="person-head">
        <Avatar shown={card.name} size={64} />
        <div>
          <h1 style="margin:0">{card.name.name}</h1>
          <span class="muted">{[standingLabel(card.standing), card.city, `profile since ${formatDate(view.since)}`].filter(Boolean).join(" · ")}</span>
        </div>
      </div>
      <section class="card" aria-labelledby="about-h">
        <h2 id="about-h">About</h2>
        {card.bio ? <p class="bio">{card.bio}</p> : null}
        <Answers person={card} />
        {!card.bio && !card.answers.length ? <p class="muted">Nothing shared yet.</p> : null}
        {links.length ? (
          <ul>
            {links.map((l) => (
              <li>
                <a href={l} rel="nofollow noopener noreferrer ugc">
                  {l.replace(/^https:\/\//, "")}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section class="card" aria-labelledby="posts" id="posts-section">
        <h2 id="posts">Recent posts</h2>
        {posts.length ? (
          <ul class="intro-list">
            {posts.map((p) => (
              <li>
                <p>
                  <a href={p.href}>{p.reply ? `Reply in “${p.title}”` : p.title}</a>
                  <br />
                  <span class="muted">
                    {p.spaceName} · {formatDate(p.createdAt)}
                  </span>
                  <br />
                  {p.excerpt}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No posts you can read yet.</p>
        )}
      </section>
    </Layout>
  );
}

export const renderDirectory = (props: DirectoryViewProps) => page(<DirectoryView {...props} />);
export const renderPerson = (community: Community, view: PersonView) => page(<PersonPage community={community} view={view} />);
