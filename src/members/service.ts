/**
 * Owner member management: the one entry point routes and other features import. Every action
 * takes `(deps, community, ..., actor, reason)`, refuses an empty reason (400 naming `reason`),
 * writes its audit entry in the same `db.batch` as the change, and is idempotent: a repeat finds
 * the change made and neither writes nor moves money again.
 */
export { listMembers, getMember, listCommunityTiers, listAudit, type MemberRow, type MemberDetail, type MemberFilter, type Page } from "./queries";
export { promoteToModerator, demoteModerator } from "./staff";
export { moveToTier, compByEmail, type MoveMode } from "./moves";
export { removeMember } from "./removal";
export { banMember, unban, isEmailBanned } from "./bans";
export { membersCsvHeaders, csvCell, CSV_HEADER } from "./csv";
export { requestMembersExport, getMembersExport, listMembersExports, membersExportDownload, type ExportFilters } from "./exports";
export type { ActionOutcome, BillingOutcome } from "./billing";
