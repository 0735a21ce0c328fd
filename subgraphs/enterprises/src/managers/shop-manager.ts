import {
  ForbiddenError,
  InputProblems,
  SCOPES,
  hasScope,
  hubEvent,
  personIdFor,
  requireCreditCode,
  requireDivisionCode,
  requireResidentId,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { enterprisesOutbox } from '../events.js';
import { REFUSALS, refuse } from '../refusals.js';
import type { EnterpriseStore } from '../repositories/enterprise-store.js';
import { RegistrationStore, SHOP_BOOK } from '../repositories/registration-store.js';
import type { DbShopRow, ReceiptParent } from '../repositories/rows.js';
import type { ShopStore } from '../repositories/shop-store.js';
import { isStreetOfficial } from '../rules/access-rules.js';
import { randomCode } from '../rules/registration-codes.js';
import { idFrom, textProblem, type RegistrantInput } from '../rules/registration-form.js';
import { RegistrationDesk, type BatchArguments, type BatchResult } from './registration-desk.js';

export interface ShopInput {
  name: string;
  streetCode: string;
  address: string;
  operatorIdNumber: string;
  creditCode?: string | null;
}

/** Street shops (沿街商铺) register their staff the same one-to-N way as enterprises: one code, one batch approval. */
export class ShopManager {
  private readonly desk: RegistrationDesk;

  constructor(
    private readonly db: Database,
    private readonly shops: ShopStore,
    private readonly enterprises: EnterpriseStore,
    private readonly caller: Caller,
    private readonly personIdKey: string,
  ) {
    this.desk = new RegistrationDesk(new RegistrationStore(db, SHOP_BOOK), 'shop', personIdKey);
  }

  async registerShop(input: ShopInput): Promise<DbShopRow> {
    const shop = this.shopFrom(input);
    const isOperator =
      this.caller.personId === shop.operatorPersonId &&
      hasScope(this.caller, SCOPES.enterpriseWrite);
    const isService =
      this.caller.kind === 'service' && hasScope(this.caller, SCOPES.enterpriseWrite);
    if (!isOperator && !isService && !isStreetOfficial(this.caller, shop.streetCode))
      throw new ForbiddenError(
        'Only the operator or an official of the street may register this shop.',
      );
    const { creditCode } = shop;
    if (creditCode && (await this.enterprises.enterprisesByCodes([creditCode])).length === 0)
      return refuse(
        REFUSALS.enterpriseNotFound,
        `No enterprise has the credit code ${creditCode}.`,
        { creditCode },
      );
    return this.shops.insertShop(shop);
  }

  /** Public: a member of staff registers through the shop's code. */
  registerStaff(codeArgument: string, input: RegistrantInput): Promise<ReceiptParent> {
    return this.desk.register(codeArgument, input);
  }

  async decide(shopIdArgument: string, ...batch: BatchArguments): Promise<BatchResult> {
    const problems = new InputProblems();
    const shopId = idFrom('shopId', shopIdArgument, problems);
    const { listed, decision, reason } = RegistrationDesk.batchFrom('staffIds', batch, problems);
    problems.throwIfAny();
    return this.db.transaction(async (trx) => {
      const shops = this.shops.in(trx);
      const shop = await shops.lockShop(shopId!);
      if (!shop) return refuse(REFUSALS.shopNotFound, 'No shop has this id.');
      const isOperator = this.caller.personId === shop.operatorPersonId;
      if (
        !hasScope(this.caller, SCOPES.enterpriseWrite) ||
        (!isOperator && this.caller.kind !== 'service')
      )
        throw new ForbiddenError("Only the shop's operator may decide on its staff.");
      const decided = await this.desk.decide(trx, shop.id, listed, decision, reason, new Date());
      const pending = await shops.pendingStaffCount(shop.id);
      await enterprisesOutbox.add(
        trx,
        hubEvent(
          'enterprises.shop_staff_decided',
          { streetCode: shop.streetCode, creditCode: shop.creditCode },
          { shopId: shop.id, decision, decided: decided.length, pending },
        ),
      );
      return { decision, decidedCount: decided.length, pendingCount: pending };
    });
  }

  /** Checks the shop form, every problem in one answer. */
  private shopFrom(input: ShopInput): Omit<DbShopRow, 'id'> {
    const problems = new InputProblems();
    const name = input.name.trim();
    problems.add('input.name', textProblem(name, 100));
    const streetCode = problems.check('input.streetCode', () =>
      requireDivisionCode('input.streetCode', input.streetCode.trim(), 'STREET'),
    );
    const address = input.address.trim();
    problems.add('input.address', textProblem(address, 200));
    const operatorId = problems.check('input.operatorIdNumber', () =>
      requireResidentId('input.operatorIdNumber', input.operatorIdNumber),
    );
    const creditCode = input.creditCode
      ? problems.check('input.creditCode', () =>
          requireCreditCode('input.creditCode', input.creditCode!),
        )
      : null;
    problems.throwIfAny();
    return {
      name,
      streetCode: streetCode!,
      address,
      operatorPersonId: personIdFor(operatorId!, this.personIdKey),
      creditCode: creditCode ?? null,
      staffCode: randomCode(),
      registeredAt: new Date(),
    };
  }
}
