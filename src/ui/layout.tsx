import type { Child } from "hono/jsx";
import { AccountArea, currentAccountMenu } from "./account-menu";
import { STYLES } from "./styles";
import { currentPath, viewerTimeZone } from "./time-zone";

export interface LayoutProps {
  title: string;
  children?: Child;
  /** Narrow column for forms and status pages. */
  narrow?: boolean;
  description?: string;
  /** A feature's own rules, appended to the one stylesheet (pages carry a single <style>). */
  styles?: string;
  /** Seconds after which the browser reloads the page (work in progress shown without JavaScript). */
  refresh?: number;
}

export function Layout({ title, children, narrow, description, styles, refresh }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description ? <meta name="description" content={description} /> : null}
        <meta name="referrer" content="same-origin" />
        {refresh ? <meta http-equiv="refresh" content={String(refresh)} /> : null}
        <style dangerouslySetInnerHTML={{ __html: styles ? STYLES + styles : STYLES }} />
      </head>
      <body>
        <header class="topbar">
          <a class="brand" href="/">
            <span>▲</span> Threshold
          </a>
          <nav aria-label="Account">
            <AccountArea menu={currentAccountMenu()} />
          </nav>
        </header>
        <main class={narrow ? "narrow" : undefined} id="main">
          {children}
        </main>
        <footer>
          <p>
            Times shown in {viewerTimeZone().replace(/_/g, " ")} ·{" "}
            <a href={`/preferences/time-zone?next=${encodeURIComponent(currentPath())}`}>Change time zone</a>
          </p>
          <p>Powered by Threshold · payments by Stripe</p>
        </footer>
      </body>
    </html>
  );
}

/** Renders a page component to a full HTML document string. */
export function page(node: unknown): string {
  return "<!doctype html>" + String(node);
}
