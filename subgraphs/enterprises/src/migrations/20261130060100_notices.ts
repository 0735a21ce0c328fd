import type { Knex } from 'knex';

export const name = '20261130060100_notices';

/**
 * Notices to people that follow from the department's events (the filing approval notice, a
 * registrant told the decision). One per event and person: an event delivered twice writes none
 * the second time. `sent_at` stays empty until the notifier took the message.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('notices', (t) => {
    t.bigIncrements('id');
    t.uuid('event_id').notNullable();
    t.text('event_type').notNullable();
    t.string('filing_code', 10).notNullable();
    t.string('recipient_role', 24).notNullable().checkIn(['LEGAL_REPRESENTATIVE', 'REGISTRANT']);
    t.string('recipient_person_id', 22).notNullable();
    t.bigInteger('registration_id');
    // Where the notice goes; null when the department holds no contact (the representative's lives with population).
    t.text('address');
    t.text('subject').notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.unique(['event_id', 'recipient_person_id']);
    t.index(['filing_code', 'id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('notices');
}
