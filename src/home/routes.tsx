import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { topicSchema } from "../content/schemas";
import { readerOf } from "../content/release";
import { AppError } from "../lib/errors";
import { parseOrThrow } from "../lib/validation";
import { frontPage } from "./front";
import { renderFrontPage } from "./pages";
import { searchCommunity, searchQuerySchema } from "./search";
import { renderSearchPage } from "./search-page";

/** The community's front page (member home) and its search. */
export const homeRoutes = new Hono<AppEnv>()
  .get("/c/:slug/home", async (c) => {
    const deps = c.get("deps");
    const { community, access: known } = await communityAccess(c, c.req.param("slug"));
    await requireViewer(c);
    const access = known!;
    const pending = access.membership?.status === "incomplete";
    // A visitor who is neither staff nor a member (nor about to be, nor lapsed) belongs on the landing page.
    if (access.role === "none" && !pending && access.standing !== "lapsed") return c.redirect(`/c/${community.slug}`, 303);
    c.header("Cache-Control", "private, no-store");
    const parsed = topicSchema.safeParse(c.req.query("topic") ?? "");
    const topic = parsed.success && parsed.data ? parsed.data : null;
    const sort = c.req.query("sort") === "active" ? "active" : "new";
    const front = await frontPage(deps, community, access, { sort, topic, before: c.req.query("before") ?? null });
    return c.html(renderFrontPage({ community, access, joined: c.req.query("joined") === "1", front, sort, topic, appUrl: deps.config.appUrl }));
  })
  .get("/c/:slug/search", async (c) => {
    const deps = c.get("deps");
    const { community, access } = await communityAccess(c, c.req.param("slug"));
    await requireViewer(c);
    if (!access || !readerOf(access)) throw AppError.forbidden("Only members of this community can search it");
    const { q, before } = parseOrThrow(searchQuerySchema, { q: c.req.query("q"), before: c.req.query("before") });
    c.header("Cache-Control", "private, no-store");
    const found = q.trim() ? await searchCommunity(deps, community, access, q, before) : null;
    return c.html(renderSearchPage({ community, q, found }));
  });
