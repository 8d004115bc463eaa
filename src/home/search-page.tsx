import type { Community } from "../../drizzle";
import { formatDateTime } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { HOME_STYLES } from "./pages";
import type { SearchPage, SearchResult, Segment } from "./search";

/** The search page: a plain GET form, then results newest first with the matches marked. */

function Marked({ parts }: { parts: Segment[] }) {
  // JSX escapes each piece; only the <mark> elements are ours.
  return <>{parts.map((p) => (p.hit ? <mark>{p.text}</mark> : p.text))}</>;
}

const KIND_LABEL: Record<SearchResult["kind"], string> = { post: "Post", reply: "Reply", drop: "Drop" };

function Result({ result }: { result: SearchResult }) {
  return (
    <li data-kind={result.kind} data-id={result.id}>
      <span class="badge">{KIND_LABEL[result.kind]}</span>{" "}
      {result.space ? (
        <span class="meta">
          {result.space.emoji ? <span aria-hidden="true">{result.space.emoji} </span> : null}
          {result.space.name}
        </span>
      ) : null}
      <h3>
        <a href={result.path}>
          <Marked parts={result.title} />
        </a>
      </h3>
      <p>
        <Marked parts={result.snippet} />
      </p>
      <p class="meta">
        {result.author ? `${result.author} · ` : ""}
        {formatDateTime(result.at)}
      </p>
    </li>
  );
}

export function renderSearchPage(props: { community: Community; q: string; found: SearchPage | null }): string {
  const { community, q, found } = props;
  const base = `/c/${community.slug}/search`;
  return page(
    <Layout title={q ? `“${q}” · Search · ${community.name}` : `Search · ${community.name}`} styles={HOME_STYLES}>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>{community.name}</a>
      </p>
      <h1>Search</h1>
      <form method="get" action={base} role="search" class="card">
        <label for="q">Search posts, replies and drops</label>
        <input id="q" name="q" type="search" value={q} maxlength={200} />
        <div class="actions">
          <button class="btn" type="submit">Search</button>
        </div>
      </form>
      {found ? (
        <section class="card" aria-labelledby="results-h">
          <h2 id="results-h">Results</h2>
          {found.results.length ? (
            <ul class="feed-list" data-testid="results">
              {found.results.map((r) => (
                <Result result={r} />
              ))}
            </ul>
          ) : (
            <p class="muted">{found.next ? "Nothing you can read in this stretch; look further back." : `Nothing found for “${q}”.`}</p>
          )}
          {found.next ? (
            <p>
              <a href={`${base}?q=${encodeURIComponent(q)}&before=${found.next}`} rel="next">
                More results
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
    </Layout>,
  );
}
