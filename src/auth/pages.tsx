import type { AccountMenu, Place } from "../ui/account-menu";
import { Layout, page } from "../ui/layout";
import { MAGIC_LINK_MINUTES } from "./auth";

export interface SignInForm {
  next: string;
  email?: string;
  error?: string;
  /** The emailed link was expired or already used. */
  linkFailed?: boolean;
}

export function signInPage({ next, email, error, linkFailed }: SignInForm): string {
  return page(
    <Layout title="Sign in · Threshold" narrow>
      <h1>Sign in</h1>
      <p class="lead">Enter your email and we will send you a link that signs you in. No password needed.</p>
      {linkFailed ? (
        <div class="notice bad" role="alert">
          That sign-in link has expired or was already used. Ask for a new one below.
        </div>
      ) : null}
      <form method="post" action="/signin" class="card">
        <input type="hidden" name="next" value={next} />
        <div class={error ? "field invalid" : "field"}>
          <label for="email">Email</label>
          {error ? (
            <p class="error" id="email-error">
              {error}
            </p>
          ) : null}
          <input
            type="email"
            id="email"
            name="email"
            value={email ?? ""}
            autocomplete="email"
            required
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "email-error" : undefined}
          />
        </div>
        <div class="actions">
          <button class="btn" type="submit">
            Email me a sign-in link
          </button>
        </div>
      </form>
    </Layout>,
  );
}

export function checkEmailPage({ email, next, mailboxUrl }: { email: string; next: string; mailboxUrl?: string }): string {
  return page(
    <Layout title="Check your email · Threshold" narrow>
      <h1>Check your email</h1>
      <p class="lead">
        We sent a sign-in link to <strong>{email}</strong>.
      </p>
      <p>
        Open it on this device. It works once and expires in {MAGIC_LINK_MINUTES} minutes. If it does not
        arrive, check your spam folder or ask for another.
      </p>
      {mailboxUrl ? (
        <p class="notice">
          Dev mode: emails are not sent, they are kept in the <a href={mailboxUrl}>dev mailbox</a>.
        </p>
      ) : null}
      <p>
        <a href={`/signin?next=${encodeURIComponent(next)}`}>Use a different email</a>
      </p>
    </Layout>,
  );
}

const DESTINATION: Record<Place["kind"], string> = {
  admin: "Run it: applications, members, content",
  member: "Your member home",
  application: "Where your application stands",
};

export function homePage({ menu }: { menu: AccountMenu | null }): string {
  return page(<Layout title="Threshold">{menu ? <SignedInHome menu={menu} /> : <Welcome />}</Layout>);
}

function Welcome() {
  return (
    <>
      <h1>Paid communities with a threshold</h1>
      <p class="lead">
        Threshold runs the door of your community: people apply, pay an application fee, get reviewed, and
        the ones you approve join a tier and receive your members-only content.
      </p>
      <ul class="steps">
        <li>Applicants answer your questions and accept your rules.</li>
        <li>They pay the fee through Stripe: charged, refunded on rejection, or only held until you decide.</li>
        <li>You and your moderators review the queue and approve, waitlist or reject.</li>
      </ul>
      <p>
        <a class="btn" href="/signin">
          Sign in
        </a>
      </p>
    </>
  );
}

function SignedInHome({ menu }: { menu: AccountMenu }) {
  return (
    <>
      <h1>Your communities</h1>
      <p class="muted">Signed in as {menu.email}</p>
      {menu.operator ? (
        <p class="actions">
          <a class="btn" href="/admin/communities/new">
            Create a community
          </a>
          <a class="btn secondary" href="/admin/communities">
            All communities
          </a>
        </p>
      ) : null}
      {menu.places.length ? (
        <ul class="places">
          {menu.places.map((p) => (
            <li class="card">
              <a href={p.href}>{p.name}</a> {p.role ? <span class="badge">{p.role}</span> : null}
              <p class="muted">{DESTINATION[p.kind]}</p>
            </li>
          ))}
        </ul>
      ) : menu.operator ? (
        <p>You are not on the staff of a community yourself. As an operator you can open every one from All communities.</p>
      ) : (
        <p>You are not in any community yet. If you applied to one, the link in your email shows where your application stands.</p>
      )}
      <form method="post" action="/signout">
        <button class="btn secondary" type="submit">
          Sign out
        </button>
      </form>
    </>
  );
}
