import type { SitesContext } from '../context.js';

/** The site a report, case, arrival or count belongs to (it exists: the row references it). */
export async function siteOf(row: { siteId: string }, _args: unknown, { loaders }: SitesContext) {
  return (await loaders.siteById.load(row.siteId))!;
}
