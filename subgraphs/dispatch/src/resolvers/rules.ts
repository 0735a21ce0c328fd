import type { Resolvers } from '../__generated__/resolvers-types.js';

export const ruleResolvers: Resolvers = {
  Query: {
    routingRules: async (_parent, { version }, { routing, loaders }) =>
      version === null || version === undefined
        ? ((await routing.latest()) ?? null)
        : loaders.rulesByVersion.load(version),
    routingRuleSets: (_parent, _args, { routing }) => routing.all(),
  },
  Mutation: {
    publishRoutingRules: (_parent, { input }, { routingManager }) => routingManager.publish(input),
  },
  RoutingRuleSet: {},
};
