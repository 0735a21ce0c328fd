import type { Database } from '@cityhub/kit';

export interface DbRegistrationRow {
  id: number;
  kind: 'COMMUNITY_HEALTH' | 'ARRIVAL';
  person_id: string;
  id_number: string;
  name: string;
  phone: string;
  community_code: string;
  address: string;
  origin_code: string | null;
  travel: string | null;
  arrived_on: string | null;
  symptoms: string[];
  submitted_by: string;
  submitted_at: Date;
}

export type NewRegistration = Omit<DbRegistrationRow, 'id' | 'submitted_at'>;

/** Form registrations, the key-region list's changes, and the arrivals a registration adds. */
export class RegistrationStore {
  constructor(private readonly db: Database) {}

  /**
   * Records a registration; an arrival from a key region by a resident is also recorded as an
   * arrival (once per person and day), so the screening lists and counts include it.
   */
  async insert(row: NewRegistration, arrival: { channel: string; streetCode: string } | null) {
    return this.db.transaction(async (trx) => {
      const [saved] = await trx('health_registrations')
        .comment('population.insertRegistration')
        .insert(row)
        .returning('*');
      if (arrival && row.arrived_on && row.origin_code)
        await trx.raw(
          `/* population.arrivalFromRegistration */
           INSERT INTO arrivals (person_id, arrived_on, from_code, channel, community_code, street_code)
           SELECT r.id, ?, ?, ?, ?, ? FROM residents r
            WHERE r.id = ? AND EXISTS (SELECT 1 FROM key_regions k WHERE ? LIKE k.prefix || '%')
           ON CONFLICT (person_id, arrived_on) DO NOTHING`,
          [
            row.arrived_on,
            row.origin_code,
            arrival.channel,
            row.community_code,
            arrival.streetCode,
            row.person_id,
            row.origin_code,
          ],
        );
      return saved as DbRegistrationRow;
    });
  }

  ofPerson(personId: string): Promise<DbRegistrationRow[]> {
    return this.db('health_registrations')
      .comment('population.registrationsOfPerson')
      .where({ person_id: personId })
      .orderBy('id', 'desc')
      .limit(100);
  }

  inCommunity(communityCode: string, from: string, to: string): Promise<DbRegistrationRow[]> {
    return this.db('health_registrations')
      .comment('population.registrationsInCommunity')
      .where({ community_code: communityCode })
      .whereRaw("(submitted_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ? AND ?", [from, to])
      .orderBy('id', 'desc')
      .limit(500);
  }

  async setKeyRegion(prefix: string, name: string | null, changedBy: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      if (name === null) await trx('key_regions').where({ prefix }).delete();
      else await trx('key_regions').insert({ prefix, name }).onConflict('prefix').merge();
      await trx('key_region_changes').insert({
        prefix,
        name,
        change: name === null ? 'REMOVED' : 'SET',
        changed_by: changedBy,
      });
    });
  }
}
