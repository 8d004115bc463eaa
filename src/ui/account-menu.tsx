import { tryGetContext } from "hono/context-storage";

/** One of the signed-in person's communities and where it takes them. */
export interface Place {
  name: string;
  href: string;
  kind: "admin" | "member" | "application";
  /** The staff role, for admin places. */
  role?: string;
}

/** What the top bar shows a signed-in person: who they are and where they belong. */
export interface AccountMenu {
  email: string;
  operator: boolean;
  places: Place[];
}

const KIND_LABEL: Record<Place["kind"], string> = { admin: "admin", member: "member home", application: "application status" };

/**
 * The request's account menu, set by the app's page middleware; pages need not pass it along.
 * Read through Hono's context storage, so it is absent (signed-out view) outside a request.
 */
export function currentAccountMenu(): AccountMenu | null {
  const c = tryGetContext<{ Variables: { accountMenu?: AccountMenu | null } }>();
  return c?.var.accountMenu ?? null;
}

/**
 * The top bar's account area. A <details> disclosure keeps it one line wide on a phone and
 * needs no script; the email stays visible in its summary, so the page always says who is in.
 */
export function AccountArea({ menu }: { menu: AccountMenu | null }) {
  if (!menu) return <a href="/signin">Sign in</a>;
  return (
    <details class="account">
      <summary>
        <span class="visually-hidden">Signed in as </span>
        <span class="who">{menu.email}</span>
      </summary>
      <div class="account-panel">
        <p class="muted">Signed in as {menu.email}</p>
        {menu.places.length ? (
          <ul aria-label="Your communities">
            {menu.places.map((p) => (
              <li>
                <a href={p.href}>{p.name}</a> <span class="muted">· {p.role ?? KIND_LABEL[p.kind]}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No communities yet.</p>
        )}
        <ul>
          <li>
            <a href="/">Your home</a>
          </li>
          {menu.operator ? (
            <li>
              <a href="/admin/communities">All communities</a> · <a href="/admin/communities/new">Create a community</a>
            </li>
          ) : null}
        </ul>
        <form method="post" action="/signout">
          <button class="btn small secondary" type="submit">
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
