import type { Database } from '@cityhub/kit';

/** The code of the street's most populous community, as population's residents table has it. */
export async function mostPopulousCommunity(population: Database, street: string): Promise<string> {
  const { code } = await population('residents')
    .select({ code: 'community_code' })
    .whereLike('community_code', `${street}%`)
    .groupBy('community_code')
    .orderByRaw('count(*) DESC, community_code')
    .first();
  return code;
}
