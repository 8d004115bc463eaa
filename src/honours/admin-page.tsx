import type { Community, MemberBadge, Tier } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { SelectField, TextField } from "../communities/fields";
import type { DisplayName } from "../profiles/names";
import { nameLabel } from "../profiles/names";
import { SUGGESTED_BADGES, MAX_BADGE_NAME } from "./badges";
import type { Candidate } from "./candidates";
import { MAX_LEVEL_NAME, MAX_LEVELS, type Level } from "./levels";

/** The owner's honours page: who is rising (promote in one click), badges, and the levels. */

export interface HonoursAdminProps {
  community: Community;
  role: StaffAccess;
  tiers: Tier[];
  target: Tier | null;
  candidates: Candidate[];
  badges: MemberBadge[];
  names: Map<string, DisplayName>;
  levels: { values: { minPoints: string; name: string }[]; errors: Record<string, string> };
  badge: { values: { email: string; name: string }; errors: Record<string, string> };
  flash?: string | null;
  error?: string | null;
}

export const LEVEL_LABELS: Record<string, string> = Object.fromEntries(
  Array.from({ length: MAX_LEVELS }, (_, i) => [
    [`levels.${i}.minPoints`, `Level ${i + 1} points`],
    [`levels.${i}.name`, `Level ${i + 1} name`],
  ]).flat(),
);

export const levelFormValues = (levels: Level[]) =>
  Array.from({ length: MAX_LEVELS }, (_, i) => ({ minPoints: levels[i] ? String(levels[i]!.minPoints) : "", name: levels[i]?.name ?? "" }));

function Candidates({ community, tiers, target, candidates, names }: Pick<HonoursAdminProps, "community" | "tiers" | "target" | "candidates" | "names">) {
  const base = `/c/${community.slug}/admin`;
  return (
    <section class="card" aria-labelledby="rising-h">
      <h2 id="rising-h">Rising members</h2>
      <p>Members below {target ? target.name : "your top tier"} who gained the most points in the last 30 days.</p>
      <form method="get" action={`${base}/honours`} class="actions" style="align-items:flex-end;flex-wrap:wrap">
        <SelectField id="tier" name="tier" label="Candidates for" value={target?.id ?? ""} options={tiers.filter((t) => !t.archivedAt).map((t) => ({ value: t.id, label: t.name }))} />
        <button class="btn small secondary" type="submit">
          Show
        </button>
      </form>
      {candidates.length && target ? (
        <div class="table-scroll">
          <table class="stack" data-testid="candidates">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Points, 30 days</th>
                <th scope="col">Tier now</th>
                <th scope="col">Promote</th>
              </tr>
            </thead>
            <tbody>
              {candidates.map((m) => {
                const name = names.get(m.email)!;
                return (
                  <tr>
                    <td data-label="Member">
                      <a href={`${base}/members/${m.membershipId}`}>{nameLabel(name)}</a>
                    </td>
                    <td data-label="Points, 30 days">{m.points30d}</td>
                    <td data-label="Tier now">{m.tierName}</td>
                    <td data-label="Promote">
                      <form method="post" action={`${base}/members/${m.membershipId}/move`}>
                        <input type="hidden" name="tierId" value={target.id} />
                        <input type="hidden" name="mode" value={m.comped || !m.subscriptionId ? "comped" : "paid"} />
                        <input type="hidden" name="reason" value={`Rising member: ${m.points30d} points in the last 30 days`} />
                        <button class="btn small" type="submit">
                          Promote {name.name} to {target.name}
                        </button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">No candidates yet: nobody below this tier earned points in the last 30 days.</p>
      )}
    </section>
  );
}

function Badges({ community, badges, names, badge }: Pick<HonoursAdminProps, "community" | "badges" | "names" | "badge">) {
  const base = `/c/${community.slug}/admin/honours/badges`;
  return (
    <section class="card" aria-labelledby="badges-h">
      <h2 id="badges-h">Badges</h2>
      <form method="post" action={base}>
        <TextField id="badge-email" name="email" label="Member's email" type="email" value={badge.values.email} error={badge.errors.email} required />
        <TextField id="badge-name" name="name" label="Badge" hint={`For example: ${SUGGESTED_BADGES.join(", ")}.`} value={badge.values.name} maxlength={MAX_BADGE_NAME} error={badge.errors.name} required />
        <button class="btn" type="submit">
          Give badge
        </button>
      </form>
      {badges.length ? (
        <ul aria-label="Badges given, newest first" style="list-style:none;padding:0">
          {badges.map((b) => (
            <li class="actions" style="justify-content:space-between;flex-wrap:wrap;border-top:1px solid var(--line);padding:.4rem 0">
              <span>
                🏅 {b.name} · {names.get(b.email) ? nameLabel(names.get(b.email)!) : "A member"}
              </span>
              <form method="post" action={`${base}/${b.id}/remove`}>
                <button class="btn small secondary" type="submit">
                  Take back “{b.name}”
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Levels({ community, levels }: Pick<HonoursAdminProps, "community" | "levels">) {
  return (
    <section class="card" aria-labelledby="levels-h">
      <h2 id="levels-h">Levels</h2>
      <p>Points members need for each level, and its name. Level 1 starts at 0; each level needs more than the one before. Leave rows empty to have fewer levels.</p>
      <ErrorSummary errors={levels.errors} labels={LEVEL_LABELS} />
      <form method="post" action={`/c/${community.slug}/admin/honours/levels`}>
        {levels.values.map((l, i) => (
          <fieldset>
            <legend>Level {i + 1}</legend>
            <TextField id={`level-${i}-points`} name={`points_${i}`} label={`Level ${i + 1} points`} value={l.minPoints} inputmode="numeric" error={levels.errors[`levels.${i}.minPoints`]} />
            <TextField id={`level-${i}-name`} name={`name_${i}`} label={`Level ${i + 1} name`} value={l.name} maxlength={MAX_LEVEL_NAME} error={levels.errors[`levels.${i}.name`]} />
          </fieldset>
        ))}
        <button class="btn" type="submit">
          Save levels
        </button>
      </form>
    </section>
  );
}

export function HonoursAdminPage(props: HonoursAdminProps) {
  return (
    <AdminLayout community={props.community} role={props.role} title="Honours" current="honours" flash={props.flash} error={props.error}>
      <h1>Honours</h1>
      <p class="lead">
        Members earn a point when another member reacts to their post or reply. <a href={`/c/${props.community.slug}/leaderboard`}>See the leaderboard</a>
      </p>
      <Candidates {...props} />
      <Badges {...props} />
      <Levels {...props} />
    </AdminLayout>
  );
}
