import {
  BadUserInputError,
  ForbiddenError,
  hubEvent,
  SCOPES,
  cityDate,
  hasScope,
  personIdFor,
  requireCreditCode,
  requireDivisionCode,
  requireResidentId,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { enterprisesOutbox } from '../events.js';
import type { EnterpriseStore } from '../repositories/enterprise-store.js';
import type { ShopStore } from '../repositories/shop-store.js';
import type { DbShopRow, ReceiptParent } from '../repositories/rows.js';
import { isStreetOfficial } from './access-rules.js';
import { normaliseCode, randomCode } from './codes.js';
import type { BatchResult, Decision } from './filing-manager.js';
import { REFUSALS, refuse } from './refusals.js';
import { batchIdsFrom, reasonFrom, registrationFrom, type RegistrantInput } from './registrant.js';

export interface ShopInput {
  name: string;
  streetCode: string;
  address: string;
  operatorIdNumber: string;
  creditCode?: string | null;
}

function text(argument: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || [...trimmed].length > max)
    throw new BadUserInputError(argument, `must be 1 to ${max} characters`);
  return trimmed;
}

/** Street shops (沿街商铺) register their staff the same one-to-N way as enterprises: one code, one batch approval. */
export class ShopManager {
  constructor(
    private readonly db: Database,
    private readonly shops: ShopStore,
    private readonly enterprises: EnterpriseStore,
    private readonly caller: Caller,
    private readonly personIdKey: string,
  ) {}

  async registerShop(input: ShopInput): Promise<DbShopRow> {
    const name = text('input.name', input.name, 100);
    const streetCode = requireDivisionCode('input.streetCode', input.streetCode.trim(), 'STREET');
    const address = text('input.address', input.address, 200);
    const operator = personIdFor(
      requireResidentId('input.operatorIdNumber', input.operatorIdNumber),
      this.personIdKey,
    );
    const creditCode = input.creditCode
      ? requireCreditCode('input.creditCode', input.creditCode)
      : null;
    const isOperator =
      this.caller.personId === operator && hasScope(this.caller, SCOPES.enterpriseWrite);
    const isService =
      this.caller.kind === 'service' && hasScope(this.caller, SCOPES.enterpriseWrite);
    if (!isOperator && !isService && !isStreetOfficial(this.caller, streetCode))
      throw new ForbiddenError(
        'Only the operator or an official of the street may register this shop.',
      );
    if (creditCode && (await this.enterprises.enterprisesByCodes([creditCode])).length === 0) {
      return refuse(
        REFUSALS.enterpriseNotFound,
        `No enterprise has the credit code ${creditCode}.`,
        { creditCode },
      );
    }
    return this.shops.insertShop({
      name,
      street_code: streetCode,
      address,
      operator_person_id: operator,
      credit_code: creditCode,
      staff_code: randomCode(),
      registered_at: new Date(),
    });
  }

  async registerStaff(codeArgument: string, input: RegistrantInput): Promise<ReceiptParent> {
    const code = normaliseCode('code', codeArgument);
    const registration = registrationFrom(input, this.personIdKey, cityDate());
    const outcome = await this.shops.registerStaff(code, registration);
    if (outcome)
      return {
        registrationId: outcome.id,
        created: outcome.created,
        status: outcome.status,
        registeredAt: outcome.registered_at,
        registeredWith: outcome.registered_with,
      };
    const [shop] = await this.shops.shopsByStaffCodes([code]);
    if (!shop) return refuse(REFUSALS.shopNotFound, 'No shop has this staff code.');
    const existing = await this.shops.staffOf(shop.id, registration.person_id);
    if (!existing) throw new Error('staff registration vanished after a conflicting insert');
    return {
      registrationId: existing.id,
      created: false,
      status: existing.status,
      registeredAt: existing.registered_at,
      registeredWith: shop.name,
    };
  }

  async decide(
    shopIdArgument: string,
    ids: readonly string[] | null | undefined,
    allPending: boolean | null | undefined,
    decision: Decision,
    reasonArgument: string | null | undefined,
  ): Promise<BatchResult> {
    const [shopId] = batchIdsFrom('shopId', [shopIdArgument], false)!;
    const listed = batchIdsFrom('staffIds', ids, allPending);
    const reason = reasonFrom('reason', reasonArgument, false);
    return this.db.transaction(async (trx) => {
      const shops = this.shops.in(trx);
      const shop = await shops.lockShop(shopId!);
      if (!shop) return refuse(REFUSALS.shopNotFound, 'No shop has this id.');
      const isOperator = this.caller.personId === shop.operator_person_id;
      if (
        !hasScope(this.caller, SCOPES.enterpriseWrite) ||
        (!isOperator && this.caller.kind !== 'service')
      )
        throw new ForbiddenError("Only the shop's operator may decide on its staff.");
      const decided = await shops.decide(
        shop.id,
        listed,
        decision === 'APPROVE' ? 'APPROVED' : 'REJECTED',
        reason,
        new Date(),
      );
      if (listed && decided.length !== listed.length) {
        const existing = new Set(await shops.existingStaffIds(shop.id, listed));
        const unknown = listed.filter((id) => !existing.has(id));
        if (unknown.length)
          return refuse(
            REFUSALS.registrationNotFound,
            `${unknown.length} of the staff are not registered with this shop; nothing was decided.`,
            { registrationIds: unknown.map(String) },
          );
        return refuse(
          REFUSALS.registrationAlreadyDecided,
          'Some staff registrations were already decided; nothing was decided.',
        );
      }
      if (decided.length === 0)
        return refuse(
          REFUSALS.noPendingRegistrations,
          'No staff registration of this shop is pending.',
        );
      const pending = await shops.pendingStaffCount(shop.id);
      await enterprisesOutbox.add(
        trx,
        hubEvent(
          'enterprises.shop_staff_decided',
          { streetCode: shop.street_code, creditCode: shop.credit_code },
          { shopId: shop.id, decision, decided: decided.length, pending },
        ),
      );
      return { decision, decidedCount: decided.length, pendingCount: pending };
    });
  }
}
