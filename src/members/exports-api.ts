import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity, named } from "../api/openapi";
import { MEMBER_EXPORT_STATUSES, MEMBERSHIP_STATUSES, type MemberExport } from "../../drizzle";
import { communityStaff } from "../api/access";
import { SlugParams, pathId } from "../api/schemas";
import type { Config } from "../env";
import { enqueueTo } from "../lib/queue";
import { exportFiltersSchema } from "./schemas";
import { getMembersExport, membersCsvHeaders, membersExportDownload, requestMembersExport } from "./service";
import { lazyFields } from "../lib/lazy-fields";

/**
 * Members CSV exports under /api/v1, as on the owner pages: owners ask for one, poll it, and
 * download it once `status` is `ready`. Every call checks the owner's rights on the export's
 * community; an export of another community is a 404.
 */
const tags = ["Members"];
const ownersOnly = communityStaff(["owner"]);

const ExportParams = z.extend(SlugParams, lazyFields({
  id: () => pathId("id", "mexp_k3j9x0a1b2c3d4e5f6g7"),
}));

const ExportRequestBody = named(exportFiltersSchema, "MembersExportRequest", { example: { status: "active" } });

const ExportSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    status: z.enum(MEMBER_EXPORT_STATUSES).check(z.meta({ description: "`running` while chunks are written in the background; `ready` to download" })),
    filters: z.object({ tierId: z.nullable(z.string()), status: z.nullable(z.enum(MEMBERSHIP_STATUSES)) }),
    rows: z.number().check(z.int(), z.meta({ description: "Members written so far (all of them once ready)" })),
    requestedBy: z.string(),
    createdAt: z.string(),
    completedAt: z.nullable(z.string()),
    expiresAt: z.string().check(z.meta({ description: "The export and its file are deleted after this" })),
    downloadUrl: z.nullable(z.string()).check(z.meta({ description: "Set once ready; needs the same owner rights" })),
  }).check(z.meta({ id: "MembersExport" })),
);

function exportView(config: Pick<Config, "appUrl">, slug: string, e: MemberExport): z.input<typeof ExportSchema> {
  return {
    id: e.id,
    status: e.status,
    filters: { tierId: e.tierId, status: e.memberStatus },
    rows: e.rows,
    requestedBy: e.requestedBy,
    createdAt: e.createdAt.toISOString(),
    completedAt: e.completedAt?.toISOString() ?? null,
    expiresAt: e.expiresAt.toISOString(),
    downloadUrl: e.status === "ready" ? `${config.appUrl}/api/v1/communities/${slug}/members/exports/${e.id}/download` : null,
  };
}

const requestRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/members/exports",
  tags,
  summary: "Export the memberships as CSV, in the background (owners)",
  description:
    "Optionally filtered by `tierId` and `status`. In a community of up to 500 members the export is written at once and answers " +
    "`ready`; a larger one is written in chunks by the job queue: poll `GET .../exports/{id}` until `status` is `ready`. " +
    "Exports are kept for 7 days.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, body: jsonBody(ExportRequestBody) },
  responses: { 201: jsonContent(ExportSchema, "The export, ready or running"), ...errorResponses(400, 401, 403, 404, 415) },
});

const getRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/members/exports/{id}",
  tags,
  summary: "An export's progress (owners)",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: ExportParams },
  responses: { 200: jsonContent(ExportSchema, "The export"), ...errorResponses(400, 401, 403, 404) },
});

const downloadRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/members/exports/{id}/download",
  tags,
  summary: "A finished export's CSV (owners)",
  description: "RFC 4180, a header row, one line per membership, newest first; cells a spreadsheet would run as formulas start with `'`.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: ExportParams },
  responses: {
    200: { description: "RFC 4180 CSV with a header row", content: { "text/csv": { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const memberExportsApi = createApiRouter()
  .openapi(requestRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const { tierId, status } = c.req.valid("json");
    const filters = { tierId: tierId || undefined, status: status || undefined };
    const exp = await requestMembersExport(deps, c.env.FILES, community, viewer.email, filters, enqueueTo(c.env.JOBS));
    return c.json(exportView(deps.config, community.slug, exp), 201);
  })
  .openapi(getRoute, async (c) => {
    const { community } = c.get("staff");
    const exp = await getMembersExport(c.get("deps").db, community.id, c.req.valid("param").id);
    return c.json(exportView(c.get("deps").config, community.slug, exp), 200);
  })
  .openapi(downloadRoute, async (c) => {
    const { community } = c.get("staff");
    const exp = await getMembersExport(c.get("deps").db, community.id, c.req.valid("param").id);
    return c.body(membersExportDownload(c.env.FILES, exp), 200, membersCsvHeaders(community.slug));
  });
