import {
  ForbiddenError,
  InputProblems,
  lazyConnection,
  lazyConnectionResolvers,
  ownersViewIf,
  pageWithCursor,
  requireStreet,
  type Caller,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbShopRow } from '../repositories/rows.js';
import { maySeeStaffCode } from '../rules/access-rules.js';
import { normaliseCode } from '../rules/registration-codes.js';
import { idFrom } from '../rules/registration-form.js';
import { registrantResolvers } from './registrants.js';

/** A shop's staff and its staff code: its operator, services, and officials of its street. */
function maySeeStaff(caller: Caller, shop: DbShopRow): boolean {
  return maySeeStaffCode(caller, {
    operatorPersonId: shop.operatorPersonId,
    streetCode: shop.streetCode,
  });
}

/** The shop's operator holds the relationship to its staff: sees them whole (owner-view.ts). */
function isOperator(caller: Caller, shop: DbShopRow): boolean {
  return caller.kind !== 'anonymous' && caller.personId === shop.operatorPersonId;
}

function shopId(argument: string, value: string): number {
  const problems = new InputProblems();
  const id = idFrom(argument, value, problems);
  problems.throwIfAny();
  return id!;
}

export const shopResolvers: Resolvers = {
  Query: {
    shop: (_parent, { id }, { loaders }) => loaders.shopById.load(shopId('id', id)),
    shopInvitation: async (_parent, { code }, { loaders }) => {
      const shop = await loaders.shopByStaffCode.load(normaliseCode('code', code));
      return shop ? { code: shop.staffCode, shopName: shop.name } : null;
    },
  },
  Mutation: {
    registerShop: (_parent, { input }, { shopManager }) => shopManager.registerShop(input),
    registerShopStaff: (_parent, { code, registrant }, { shopManager }) =>
      shopManager.registerStaff(code, registrant),
    decideShopStaff: (_parent, args, { shopManager }) =>
      shopManager.decide(args.shopId, args.staffIds, args.allPending, args.decision, args.reason),
  },
  Enterprise: {
    shops: ({ creditCode }, _args, { loaders }) => loaders.shopsByEnterprise.load(creditCode),
  },
  Street: {
    shops: ({ code }, args, { loaders, caller }) => {
      requireStreet(caller, code);
      return lazyConnection(
        pageWithCursor(args, /^\d{1,15}$/),
        ({ limit, afterKey }) =>
          loaders.shopPageByStreet.load({
            streetCode: code,
            limit: limit + 1,
            afterId: afterKey === null ? null : Number(afterKey),
          }),
        async () => (await loaders.shopCountsByStreet.load(code)).shops,
      );
    },
    shopCounts: async ({ code }, _args, { loaders }) => {
      const counts = await loaders.shopCountsByStreet.load(code);
      return {
        shops: counts.shops,
        staffRegistered: counts.staffRegistered,
        staffApproved: counts.staffApproved,
      };
    },
  },
  ShopConnection: lazyConnectionResolvers((row: DbShopRow) => String(row.id)),
  Shop: {
    id: (row) => String(row.id),
    street: (row) => ({ code: row.streetCode }),
    operator: (row) => ({ id: row.operatorPersonId }),
    enterprise: (row, _args, { loaders }) =>
      row.creditCode ? loaders.enterpriseByCode.load(row.creditCode) : null,
    staffCode: (row, _args, { caller }) => {
      if (!maySeeStaff(caller, row))
        throw new ForbiddenError(
          "Only the shop's operator and officials of its street may see its staff code.",
        );
      return row.staffCode;
    },
    staff: async (shop, _args, { loaders, caller }) => {
      if (!maySeeStaff(caller, shop))
        throw new ForbiddenError(
          "Only the shop's operator and officials of its street may see its staff.",
        );
      return ownersViewIf(isOperator(caller, shop), await loaders.staffByShop.load(shop.id));
    },
    staffCounts: async (shop, _args, { loaders, caller }) =>
      ownersViewIf(isOperator(caller, shop), [await loaders.staffCountsByShop.load(shop.id)])[0]!,
  },
  ShopStaffMember: registrantResolvers,
};
