import type { SeedOptions, SeedOutcome } from '@cityhub/synthetic-city';

/** One office per street of the synthetic city; a second run finds them and does nothing. */
export async function seedTmpl({ db, city }: SeedOptions): Promise<SeedOutcome> {
  const streets = city.geography.streets;
  const inserted = await db('offices')
    .comment('tmpl.seedOffices')
    .insert(streets.map((street) => ({ code: street.code, name: `${street.name} office` })))
    .onConflict('code')
    .ignore()
    .returning('code');
  return inserted.length === 0 ? 'already-seeded' : 'seeded';
}
