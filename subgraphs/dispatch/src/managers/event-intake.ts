import type { HubEvent, Logger } from '@cityhub/kit';
import type { Category, Priority } from '../routing.js';
import { openOrder, type IntakeDeps, type OrderRequest } from './intake.js';

const LEVEL_NAMES: Record<string, string> = { RED: '高风险', YELLOW: '中风险', BLUE: '一般风险' };

/**
 * What an event of another department asks of the street: an order, or nothing. Events carry
 * ids and keys only; the order names them, and the details are read through the gateway.
 */
export function requestFor(event: HubEvent): OrderRequest | null {
  if (!event.streetCode) return null;
  const place = {
    source: 'EVENT' as const,
    sourceId: event.id,
    streetCode: event.streetCode,
    communityCode: event.communityCode,
    creditCode: event.creditCode,
    siteId: null as string | null,
    location: null,
    reporterPersonId: null,
    callerPhone: null,
    callerName: null,
    splitFrom: null,
  };
  const order = (category: Category, priority: Priority, title: string, description: string) => ({
    ...place,
    category,
    priority,
    title,
    description,
  });
  const data = event.data;
  switch (event.type) {
    case 'risk.level_changed':
      if (data.to !== 'RED') return null;
      return order(
        'RED_COMMUNITY',
        'URGENT',
        `高风险小区 ${String(data.communityCode)}`,
        `夜间风险评估（${String(data.date)}）：小区由${LEVEL_NAMES[String(data.from)] ?? data.from}转为高风险，评分 ${String(data.score)}。`,
      );
    case 'risk.group_rental_flag_raised':
      return order(
        'GROUP_RENTAL',
        'NORMAL',
        `疑似群租 ${String(data.dwellingId)}`,
        `住房排查（${String(data.month)}）标记房屋 ${String(data.dwellingId)} 疑似群租，标记 ${String(data.flagId)}。`,
      );
    case 'sites.screening_case_opened':
      return {
        ...order(
          'SCREENING_CASE',
          'HIGH',
          `工地排查 ${String(data.siteId)}`,
          `${String(data.reportDate)} 日报发现重点地区来沪人员，排查案件 ${String(data.caseId)}。`,
        ),
        siteId: String(data.siteId),
      };
    case 'sites.report_missing':
      return {
        ...order(
          'SITE_REPORT_MISSING',
          'HIGH',
          `工地日报缺报 ${String(data.siteId)}`,
          `在建工地 ${String(data.siteId)} 截至 ${String(data.date)} 报告时限未提交日报。`,
        ),
        siteId: String(data.siteId),
      };
    case 'enterprises.early_warning_raised':
      return order(
        'ENTERPRISE_WARNING',
        'NORMAL',
        `企业预警 ${event.creditCode ?? ''}`.trim(),
        `企业 ${String(data.month)} 月${String(data.figure)}变动 ${Math.round(Number(data.changeRatio) * 100)}%，触发预警 ${String(data.warningId)}。`,
      );
    default:
      return null;
  }
}

/**
 * The bus consumer: each event that needs handling becomes one order, whatever the number of
 * deliveries (at-least-once) or replicas: the event id is the order's unique source id.
 */
export class EventIntake {
  constructor(
    private readonly deps: IntakeDeps,
    private readonly logger: Logger,
  ) {}

  async handle(events: readonly HubEvent[]): Promise<number> {
    let opened = 0;
    for (const event of events) {
      const request = requestFor(event);
      if (!request) continue;
      const { created, order } = await this.deps.db.transaction((trx) =>
        openOrder(trx, this.deps, request, `system:event:${event.type}`),
      );
      if (created) {
        opened += 1;
        this.logger.info({ eventId: event.id, orderId: order.id }, 'work order opened from event');
      }
    }
    return opened;
  }
}
