import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { emails } from "../../drizzle";
import { createDb } from "../../src/lib/db";
import { call, postForm } from "./helpers";

async function storeEmail(id: string, to: string, kind: string, text: string, at: number) {
  await createDb(env.DB)
    .insert(emails)
    .values({ id, to, subject: `Subject <b>${id}</b>`, text, kind, provider: "outbox", status: "sent", createdAt: new Date(at) });
}

describe("/dev/mailbox", () => {
  it("lists emails newest first, filtered by recipient", async () => {
    await storeEmail("eml_old", "box@example.com", "note", "old", 1_000);
    await storeEmail("eml_new", "box@example.com", "note", "new", 2_000);
    await storeEmail("eml_other", "other@example.com", "note", "other", 3_000);
    const html = await (await call("/dev/mailbox?to=Box@Example.com")).text();
    expect(html).toContain('<label for="to">Recipient</label>');
    expect(html.indexOf('href="/dev/mailbox/eml_new"')).toBeGreaterThan(0);
    expect(html.indexOf('href="/dev/mailbox/eml_new"')).toBeLessThan(html.indexOf('href="/dev/mailbox/eml_old"'));
    expect(html).not.toContain("eml_other");
    expect(html).toContain("Subject &lt;b&gt;eml_new&lt;/b&gt;");
  });

  it("shows one email with its links clickable and everything else escaped", async () => {
    await storeEmail("eml_show", "show@example.com", "note", "Hi <script>alert(1)</script>\nOpen https://x.example/a?b=1&c=2. Thanks", 4_000);
    const res = await call("/dev/mailbox/eml_show");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Hi &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('<a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a>. Thanks');
    expect(html).toContain("show@example.com");
    expect((await call("/dev/mailbox/eml_missing", { headers: { accept: "text/html" } })).status).toBe(404);
  });

  it("serves the newest matching email as JSON with its links", async () => {
    await postForm("/signin", { email: "json@example.com", next: "/c/demo" });
    const res = await call("/dev/mailbox/latest.json?to=json@example.com&kind=magic_link");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { to: string; kind: string; subject: string; links: string[] };
    expect(body).toMatchObject({ to: "json@example.com", kind: "magic_link", subject: "Your sign-in link for Threshold" });
    expect(body.links).toHaveLength(1);
    expect(body.links[0]).toContain("/api/auth/magic-link/verify?token=");
  });

  it("answers 404 with the standard error body when nothing matches", async () => {
    const res = await call("/dev/mailbox/latest.json?to=nobody@example.com");
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.requestId).toBeTruthy();
  });
});
