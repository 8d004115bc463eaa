/** The link a group's starter shares: the group's page, where the others join and pay. */
export function groupShareUrl(appUrl: string, slug: string, groupId: string): string {
  return `${appUrl}/c/${slug}/group/${groupId}`;
}
