import { expect } from "vitest";
import { call } from "../helpers";
import { api } from "../api/helpers";
import { dropEmailsTo } from "./helpers";

/**
 * Every way a drop leaves the system, observed for one person. Each observation also checks that
 * a "no" leaks nothing: the body's marker is absent from the whole response, whatever its status.
 */

export type Seen = "body" | "teaser" | "none";
export interface Person {
  name: string;
  email: string | null;
  cookie?: string;
  feedToken: string;
}
export interface Watched {
  slug: string;
  id: string;
  title: string;
  marker: string;
  fileId: string | null;
  fileMarker: string;
}

const html = { accept: "text/html" };

export async function page(p: Person, d: Watched): Promise<Seen> {
  const res = await call(`/c/${d.slug}/drops/${d.id}`, { cookie: p.cookie, headers: html });
  const text = await res.text();
  if (res.status === 200) {
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    if (text.includes(d.marker)) return "body";
    expect(text).toContain("Coming for your tier on");
    return "teaser";
  }
  expect(text).not.toContain(d.marker);
  expect(text).not.toContain(d.title);
  expect(p.cookie ? 404 : 303).toBe(res.status);
  return "none";
}

export async function apiDrop(p: Person, d: Watched): Promise<Seen> {
  const res = await api(`/communities/${d.slug}/drops/${d.id}`, { auth: p.cookie });
  const text = await res.text();
  if (res.status === 200 && text.includes(d.marker)) return "body";
  expect(text).not.toContain(d.marker);
  expect(res.status).toBe(p.cookie ? 404 : 401);
  return "none";
}

export async function apiFeed(p: Person, d: Watched): Promise<Seen> {
  const res = await api(`/communities/${d.slug}/feed`, { auth: p.cookie });
  const body = (await res.json()) as { items?: { id: string; body: string }[]; teasers?: { id: string }[] };
  const text = JSON.stringify(body);
  if (res.status !== 200) {
    expect(text).not.toContain(d.marker);
    expect(res.status).toBe(p.cookie ? 403 : 401);
    return "none";
  }
  expect(res.headers.get("cache-control")).toBe("private, no-store");
  const item = body.items!.find((i) => i.id === d.id);
  if (item) return item.body.includes(d.marker) ? "body" : "none";
  expect(text).not.toContain(d.marker);
  return body.teasers!.some((t) => t.id === d.id) ? "teaser" : "none";
}

export async function rss(p: Person, d: Watched): Promise<Seen> {
  const res = await call(`/c/${d.slug}/feed/${p.feedToken}.xml`);
  const text = await res.text();
  if (res.status === 200) {
    expect(res.headers.get("content-type")).toContain("application/rss+xml");
    if (text.includes(d.marker)) return "body";
    expect(text).not.toContain(d.title);
    return "none";
  }
  expect(text).not.toContain(d.marker);
  expect(res.status).toBe(404);
  return "none";
}

export async function file(p: Person, d: Watched): Promise<Seen> {
  const res = await call(`/c/${d.slug}/drops/${d.id}/files/${d.fileId}`, { cookie: p.cookie });
  const text = new TextDecoder().decode(await res.arrayBuffer());
  if (res.status === 200) {
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(text).toContain(d.fileMarker);
    return "body";
  }
  expect(text).not.toContain(d.fileMarker);
  expect(res.status).toBe(p.cookie ? 404 : 303);
  return "none";
}

/** Member home's feed: titles and links only, never a body; teasers say when. */
export async function home(p: Person, d: Watched): Promise<Seen> {
  const res = await call(`/c/${d.slug}/home`, { cookie: p.cookie, headers: html });
  const text = await res.text();
  expect(text).not.toContain(d.marker);
  if (res.status !== 200) return "none";
  if (text.includes(`/drops/${d.id}"`)) return "body";
  const teaser = new RegExp(`${d.title}</strong> <span class="muted">— coming for your tier on`);
  return teaser.test(text) ? "teaser" : "none";
}

/** Drop emails to the person carrying the body's excerpt, and any carrying the drop at all. */
export async function email(p: Person, d: Watched): Promise<{ withBody: number; about: number }> {
  if (!p.email) return { withBody: 0, about: 0 };
  const mails = await dropEmailsTo(p.email);
  return { withBody: mails.filter((m) => m.text.includes(d.marker)).length, about: mails.filter((m) => m.text.includes(d.id)).length };
}

export const EXITS = { page, apiDrop, apiFeed, rss, file, home } as const;

/** What each exit must show a person whose view of the drop is `seen`. */
export function expectedExits(seen: Seen): Record<keyof typeof EXITS, Seen> {
  const bodyOnly = seen === "body" ? "body" : "none";
  return { page: seen, apiDrop: bodyOnly, apiFeed: seen, rss: bodyOnly, file: bodyOnly, home: seen };
}

export async function observe(p: Person, d: Watched): Promise<Record<keyof typeof EXITS, Seen>> {
  const out = {} as Record<keyof typeof EXITS, Seen>;
  for (const [name, exit] of Object.entries(EXITS)) out[name as keyof typeof EXITS] = await exit(p, d);
  return out;
}
