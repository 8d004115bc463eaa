import type { Community } from "../../drizzle";
import { Layout, page } from "../ui/layout";
import { Badges } from "./badge-list";
import { PERIOD_LABELS, PERIODS, type Leaderboard } from "./leaderboard";
import { levelTitle } from "./levels";

/** The member leaderboard: three tabs as plain links, the top members, the viewer's standing, the levels. */
export function renderLeaderboard({ community, board }: { community: Community; board: Leaderboard }): string {
  const base = `/c/${community.slug}/leaderboard`;
  return page(
    <Layout title={`Leaderboard · ${community.name}`}>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>← {community.name}</a>
      </p>
      <h1>Leaderboard</h1>
      <p>Members earn a point each time another member reacts to their post or reply. Points lift you through the levels.</p>
      <nav aria-label="Period" class="actions" style="flex-wrap:wrap">
        {PERIODS.map((p) => (
          <a href={`${base}?period=${p}`} class={p === board.period ? "btn small" : "btn small secondary"} aria-current={p === board.period ? "page" : undefined}>
            {PERIOD_LABELS[p]}
          </a>
        ))}
      </nav>
      <p class="card" data-testid="your-standing">
        You: <strong>{levelTitle(board.levels, board.you.level)}</strong> · {board.you.points} {board.you.points === 1 ? "point" : "points"} in all
        {board.period === "all" ? "" : `, ${board.you.periodPoints} in the ${PERIOD_LABELS[board.period].toLowerCase()}`}
      </p>
      {board.entries.length ? (
        <div class="table-scroll">
          <table class="stack" data-testid="leaderboard">
            <caption class="visually-hidden">Top members, {PERIOD_LABELS[board.period].toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Member</th>
                <th scope="col">Points</th>
              </tr>
            </thead>
            <tbody>
              {board.entries.map((e) => (
                <tr>
                  <td data-label="Rank">{e.rank}</td>
                  <td data-label="Member">
                    <strong>{e.name}</strong>
                    <Badges names={e.badges} />
                  </td>
                  <td data-label="Points">{e.points}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">No points earned in this period yet.</p>
      )}
      <h2>Levels</h2>
      <ol aria-label="Levels and the points they take" style="padding-left:1.2rem">
        {board.levels.map((l) => (
          <li>
            {l.name}: {l.minPoints.toLocaleString("en")} {l.minPoints === 1 ? "point" : "points"}
          </li>
        ))}
      </ol>
    </Layout>,
  );
}
