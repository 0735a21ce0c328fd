import {
  defaultFieldResolver,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { AuditUnavailableError } from './audit-log.js';
import { hasScope, type Caller } from './caller.js';
import {
  ANY_SHARE,
  binRefusal,
  mayReadPersonalData,
  publishedCount,
  publishedRows,
  publishedShare,
  rowsWithPublishedShare,
  type DisclosureRule,
} from './disclosure.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import { WITHHELD_KINDS, mask, type PiiKind } from './masking.js';
import { ruleFor, type FieldRule } from './field-rules.js';
import { isOwnersView } from './owner-view.js';
import type { SubgraphBaseContext } from './subgraph-server.js';

export { ruleFor, type FieldRule } from './field-rules.js';

/**
 * Enforces @authenticated, @requiresScopes, @pii and @aggregate in the subgraph itself, by wrapping
 * field resolvers. Because the check sits on the field, it holds whatever way the field is reached:
 * aliases, fragments, `_entities` or nesting. Root fields need a signed-in caller unless @public.
 */
export function applyAccessRules(
  schema: GraphQLSchema,
  options: { disclosure: DisclosureRule },
): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = ruleFor(type, field);
      if (
        !rule.public &&
        !rule.authenticated &&
        rule.scopeRequirements.length === 0 &&
        !rule.pii &&
        !rule.aggregate
      )
        continue;
      field.resolve = guarded(
        field.resolve ?? defaultFieldResolver,
        rule,
        type.name,
        field.name,
        options.disclosure,
      );
    }
  }
  return schema;
}

function guarded(
  resolve: GraphQLFieldResolver<unknown, SubgraphBaseContext>,
  rule: FieldRule,
  typeName: string,
  fieldName: string,
  disclosure: DisclosureRule,
): GraphQLFieldResolver<unknown, SubgraphBaseContext> {
  return (parent, args, context, info) => {
    const refusal = refusalFor(context.caller, rule);
    if (refusal) throw refusal;
    // The owner of a row sees it whole: see owner-view.ts.
    const ownersView = isOwnersView(parent);
    const exact = mayReadPersonalData(context.caller) || ownersView;
    // Resolved at all, a personal field tells of a person (even by being null); an owner's view is theirs.
    if (rule.pii || ownersView) context.audit.answerScope.markPersonal();
    if (rule.aggregate && !exact) {
      const outsideBins = binRefusal(rule.bins, args);
      if (outsideBins) throw outsideBins;
    }
    const filteredOnShare =
      rule.aggregate && !exact && rule.bins.share && rule.bins.atLeast ? rule.bins : null;
    const value = resolve(
      parent,
      filteredOnShare ? { ...args, [filteredOnShare.atLeast!]: ANY_SHARE } : args,
      context,
      info,
    );
    if (!rule.pii && !rule.aggregate) return value;
    const finish = (resolved: unknown) => {
      if (resolved === null || resolved === undefined) return resolved;
      if (rule.aggregate) {
        if (exact) return resolved;
        if (filteredOnShare && Array.isArray(resolved))
          return rowsWithPublishedShare(
            resolved,
            filteredOnShare.share!,
            args[filteredOnShare.atLeast!] as number,
            disclosure,
          );
        // Recomputed from the published part and whole, whatever the resolver worked out.
        if (rule.bins.share) return publishedShare(parent, rule.bins.share, disclosure);
        if (typeof resolved === 'number') return publishedCount(resolved, disclosure);
        if (Array.isArray(resolved) && rule.bins.rowCount)
          return publishedRows(resolved, rule.bins.rowCount, disclosure);
        return resolved;
      }
      return revealOrMask(context, rule.pii!, resolved, parent, typeName, fieldName);
    };
    // A resolver may hand back any thenable (a query builder), not only a Promise.
    return isThenable(value) ? Promise.resolve(value).then(finish) : finish(value);
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

export function refusalFor(caller: Caller, rule: FieldRule): Error | null {
  if (rule.public) return null;
  const needsIdentity = rule.authenticated || rule.scopeRequirements.length > 0;
  if (needsIdentity && caller.kind === 'anonymous') return new UnauthenticatedError();
  for (const alternatives of rule.scopeRequirements) {
    if (!alternatives.some((set) => set.every((scope) => hasScope(caller, scope)))) {
      return new ForbiddenError(
        `This needs the scope ${alternatives.map((set) => set.join(' and ')).join(' or ')}.`,
        { requiredScopes: alternatives },
      );
    }
  }
  return null;
}

function revealOrMask(
  context: SubgraphBaseContext,
  kind: PiiKind,
  value: unknown,
  parent: unknown,
  typeName: string,
  fieldName: string,
): unknown {
  const field = `${typeName}.${fieldName}`;
  const people = personIdsOf(parent, typeName);
  if (
    mayReadPersonalData(context.caller) ||
    isOwnData(context.caller, people) ||
    isOwnersView(parent)
  ) {
    // Fail closed: data that could not be recorded do not leave (the response's records are
    // committed before it is sent, and a failed commit withholds the whole answer).
    const down = context.audit.unavailableReason();
    if (down) throw new AuditUnavailableError(down);
    for (const person of people) context.audit.record(person, field);
    return value;
  }
  for (const person of people) context.audit.recordMasked(person, field);
  if (WITHHELD_KINDS.has(kind) || typeof value !== 'string') {
    throw new ForbiddenError(
      `${typeName}.${fieldName} is personal data: it needs the scope pii:read and a stated purpose (header x-purpose).`,
      { pii: kind },
    );
  }
  return mask(kind, value);
}

/** A signed-in person reading data about themselves only (their own declaration): shown, and audited. */
function isOwnData(caller: Caller, people: Array<string | null>): boolean {
  return (
    caller.kind === 'user' &&
    caller.personId !== null &&
    people.length > 0 &&
    people.every((person) => person === caller.personId)
  );
}

/**
 * Whom a personal field belongs to: the Person itself, the row's person reference, or every
 * person a row names (a vehicle's plate names the people checked in it). A row that names nobody
 * is still recorded, with no person.
 */
function personIdsOf(parent: unknown, typeName: string): Array<string | null> {
  if (!parent || typeof parent !== 'object') return [null];
  const row = parent as Record<string, unknown>;
  if (typeName === 'Person' && typeof row.id === 'string') return [row.id];
  const reference = row.person_id ?? row.personId;
  if (typeof reference === 'string') return [reference];
  const people = row.person_ids ?? row.personIds;
  if (Array.isArray(people) && people.length > 0)
    return people.filter((id): id is string => typeof id === 'string');
  return [null];
}
