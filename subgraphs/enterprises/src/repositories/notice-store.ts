import { columnsOf, recordsOf, Store } from '@cityhub/kit';

export type NoticeRecipientRole = 'LEGAL_REPRESENTATIVE' | 'REGISTRANT';

export interface NewNotice {
  eventId: string;
  eventType: string;
  filingCode: string;
  recipientRole: NoticeRecipientRole;
  recipientPersonId: string;
  registrationId: number | null;
  address: string | null;
  subject: string;
  body: string;
}

export interface DbNoticeRow extends NewNotice {
  id: number;
  createdAt: Date;
  sentAt: Date | null;
}

/** The people an event concerns, looked up by the ids it carries, and the notices written to them. */
export class NoticeStore extends Store {
  async filingParties(
    filingCode: string,
  ): Promise<{ filingId: number; enterpriseName: string; legalRepPersonId: string } | null> {
    const row = await this.db('filings as f')
      .comment('enterprises.noticeFilingParties')
      .join('enterprises as e', 'e.credit_code', 'f.credit_code')
      .first('f.id', 'e.name', 'e.legal_rep_person_id')
      .where('f.code', filingCode);
    return row
      ? { filingId: row.id, enterpriseName: row.name, legalRepPersonId: row.legal_rep_person_id }
      : null;
  }

  /** Registrations of a filing by status; `decidedAt` narrows to one batch decision. */
  registrants(
    filingId: number,
    status: 'APPROVED' | 'REJECTED',
    decidedAt?: string,
  ): Promise<Array<{ id: number; personId: string; phone: string }>> {
    const query = this.db('registrations')
      .comment('enterprises.noticeRegistrants')
      .select('id', 'person_id', 'phone')
      .where({ filing_id: filingId, status })
      .orderBy('id');
    if (decidedAt) query.where('decided_at', new Date(decidedAt));
    return recordsOf<{ id: number; personId: string; phone: string }>(query);
  }

  /** Writes the notices not written before for their event and person; the event's unsent ones come back. */
  async record(eventId: string, notices: NewNotice[]): Promise<DbNoticeRow[]> {
    for (let i = 0; i < notices.length; i += 2_000)
      await this.db('notices')
        .comment('enterprises.recordNotices')
        .insert(notices.slice(i, i + 2_000).map((notice) => columnsOf(notice)))
        .onConflict(['event_id', 'recipient_person_id'])
        .ignore();
    return recordsOf<DbNoticeRow>(
      this.db('notices')
        .comment('enterprises.unsentNotices')
        .select('*')
        .where({ event_id: eventId })
        .whereNull('sent_at')
        .whereNotNull('address')
        .orderBy('id'),
    );
  }

  async markSent(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db('notices')
      .comment('enterprises.noticesSent')
      .whereIn('id', ids)
      .update({ sent_at: this.db.fn.now() });
  }

  noticesOfFiling(filingCode: string): Promise<DbNoticeRow[]> {
    return recordsOf<DbNoticeRow>(
      this.db('notices')
        .comment('enterprises.noticesOfFiling')
        .select('*')
        .where({ filing_code: filingCode })
        .orderBy('id'),
    );
  }
}
