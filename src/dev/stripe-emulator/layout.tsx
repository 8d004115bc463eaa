/** @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { formatAmount } from "./core";
import type { Obj } from "./store";

/** Shared page chrome for the emulator's hosted pages (test mode banner, readable styles). */

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a2e;background:#f4f5fa}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
.banner{display:inline-block;background:#fff4d6;color:#6b4500;border:1px solid #e0b54a;border-radius:6px;padding:.1rem .5rem;font-size:.85rem}
.alert{background:#fdecec;color:#8a1111;border:1px solid #e08a8a;border-radius:8px;padding:.75rem}
.status{background:#e8f6ee;color:#17603a;border:1px solid #8ccaa5;border-radius:8px;padding:.75rem}
ul.items{list-style:none;padding:0;margin:0}ul.items li{display:flex;justify-content:space-between;gap:1rem;padding:.4rem 0;border-bottom:1px solid #e4e6ef}
.total{display:flex;justify-content:space-between;font-weight:700;font-size:1.15rem;margin-top:.75rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:1.25rem}
button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:2px solid #3d3dbd;background:#3d3dbd;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#3d3dbd}
button.danger{background:#fff;color:#a11212;border-color:#a11212}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
a{color:#3d3dbd}label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select{font:inherit;padding:.5rem;border:1px solid #8a8fa8;border-radius:6px;width:100%}
section.sub{border:1px solid #e4e6ef;border-radius:8px;padding:1rem;margin:.75rem 0}
.muted{color:#555a70;font-size:.9rem}
`;

export function Page(props: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <style>{raw(CSS)}</style>
      </head>
      <body>
        <main>
          <p class="banner">Test mode · Stripe emulator · no real money moves</p>
          {props.children}
        </main>
      </body>
    </html>
  );
}

const INTERVALS: Record<string, string> = { day: "day", week: "week", month: "month", year: "year" };

/** "$25.00", "$25.00 / month" or "$25.00 every 3 months". */
export function priceLabel(amount: number, currency: string, recurring: Obj | null | undefined): string {
  const money = formatAmount(amount, currency);
  if (!recurring) return money;
  const unit = INTERVALS[recurring.interval] ?? recurring.interval;
  return recurring.interval_count > 1 ? `${money} every ${recurring.interval_count} ${unit}s` : `${money} / ${unit}`;
}

export function dateLabel(unixSeconds: number | null | undefined): string {
  if (!unixSeconds) return "—";
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}
