import type { Database, HubEvent, Logger, Notifier } from '@cityhub/kit';
import type { NewNotice, NoticeStore } from '../repositories/notice-store.js';

/** The events this department tells people about. */
export const NOTICE_EVENT_TYPES = [
  'enterprises.filing_reviewed',
  'enterprises.registrations_decided',
] as const;

export interface NoticeManagerDeps {
  db: Database;
  notices: NoticeStore;
  notifier: Notifier;
  logger: Logger;
  /** A registrant's phone as a mail address (an email-to-SMS gateway's domain); else the bare number. */
  smsMailDomain?: string;
}

/**
 * Turns the department's events into notices to the people concerned. Events carry ids only: the
 * recipients are looked up here, where the relationship lives. Each notice is written once per
 * event and person, so an event delivered twice sends nothing the second time; a notice written
 * but not yet sent (a crash, a refused send) is sent when the event comes again.
 */
export class NoticeManager {
  constructor(private readonly deps: NoticeManagerDeps) {}

  async handle(events: readonly HubEvent[]): Promise<void> {
    for (const event of events) {
      if (!(NOTICE_EVENT_TYPES as readonly string[]).includes(event.type)) continue;
      const unsent = await this.deps.db.transaction(async (trx) => {
        const store = this.deps.notices.in(trx);
        return store.record(event.id, await this.compose(store, event));
      });
      const sent: number[] = [];
      for (const notice of unsent) {
        try {
          await this.deps.notifier.send({
            to: notice.address!,
            subject: notice.subject,
            text: notice.body,
            eventId: event.id,
          });
          sent.push(notice.id);
        } catch (error) {
          this.deps.logger.error(
            { err: error, eventId: event.id, notice: notice.id },
            'notice not sent; it is sent again when the event comes again',
          );
        }
      }
      await this.deps.notices.markSent(sent);
    }
  }

  private async compose(notices: NoticeStore, event: HubEvent): Promise<NewNotice[]> {
    const filingCode = String(event.data.filingCode);
    const parties = await notices.filingParties(filingCode);
    if (!parties) return [];
    const base = { eventId: event.id, eventType: event.type, filingCode };
    if (event.type === 'enterprises.filing_reviewed') {
      const approved = event.data.status === 'APPROVED';
      const outcome = approved ? '已通过审核' : '未通过审核';
      const registrants = await notices.registrants(parties.filingId, 'APPROVED');
      return [
        {
          ...base,
          recipientRole: 'LEGAL_REPRESENTATIVE',
          recipientPersonId: parties.legalRepPersonId,
          registrationId: null,
          address: null,
          subject: `复工备案${outcome}`,
          body: `${parties.enterpriseName}的复工备案（${filingCode}）${outcome}。`,
        },
        ...registrants.map((registration) => ({
          ...base,
          recipientRole: 'REGISTRANT' as const,
          recipientPersonId: registration.personId,
          registrationId: registration.id,
          address: this.addressOf(registration.phone),
          subject: approved ? '复工通知' : `复工备案${outcome}`,
          body: approved
            ? `${parties.enterpriseName}的复工备案（${filingCode}）已通过审核，您可按单位安排返岗。`
            : `${parties.enterpriseName}的复工备案（${filingCode}）未通过审核，请等待单位通知。`,
        })),
      ];
    }
    // registrations_decided: the registrants of the batch, told their decision.
    const decidedAt = event.data.decidedAt;
    if (typeof decidedAt !== 'string') return [];
    const approved = event.data.decision === 'APPROVE';
    const registrants = await notices.registrants(
      parties.filingId,
      approved ? 'APPROVED' : 'REJECTED',
      decidedAt,
    );
    return registrants.map((registration) => ({
      ...base,
      recipientRole: 'REGISTRANT' as const,
      recipientPersonId: registration.personId,
      registrationId: registration.id,
      address: this.addressOf(registration.phone),
      subject: approved ? '复工登记已确认' : '复工登记未获确认',
      body: `${parties.enterpriseName}${approved ? '已确认' : '未确认'}您的复工登记（备案 ${filingCode}）。`,
    }));
  }

  private addressOf(phone: string): string {
    return this.deps.smsMailDomain ? `${phone}@${this.deps.smsMailDomain}` : phone;
  }
}
