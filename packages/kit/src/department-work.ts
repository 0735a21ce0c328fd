import { backgroundTogether } from './daily-snapshots.js';
import { departmentSettingsOrThrow } from './department-settings.js';
import { feedBusSettingsOrThrow } from './feeds/feed-settings.js';
import { startFeeds, type FeedBusSettings } from './feeds/start-feeds.js';
import type {
  SubgraphBaseContext,
  SubgraphDefinition,
  SubgraphRuntime,
  SubgraphRuntimeOptions,
} from './subgraph-definition.js';

/**
 * The department's settings and where it reads its feeds, parsed at start before anything runs:
 * given by the caller (the process entry parsed them with the kit's) or read from the environment.
 */
export function departmentStartSettings<TSettings>(
  definition: Pick<SubgraphDefinition<SubgraphBaseContext, TSettings>, 'name' | 'environment'>,
  options: Pick<SubgraphRuntimeOptions, 'settings' | 'feedBus'>,
): { settings: TSettings; feedBus: FeedBusSettings } {
  return {
    settings:
      options.settings !== undefined
        ? (options.settings as TSettings)
        : departmentSettingsOrThrow(definition),
    feedBus: options.feedBus ?? feedBusSettingsOrThrow(definition.name),
  };
}

const nothing = Promise.resolve({ stop: async () => {} });

/**
 * What a department runs beside its API, started the same way for every department: its feeds
 * (each on NATS and MQTT as its settings say) and its own background work; stopped in reverse.
 */
export function startDepartmentWork<TContext extends SubgraphBaseContext, TSettings>(
  definition: SubgraphDefinition<TContext, TSettings>,
  runtime: SubgraphRuntime<TSettings>,
  feedBus: FeedBusSettings,
): Promise<{ stop(): Promise<void> }> {
  const { db, logger } = runtime;
  return backgroundTogether(
    definition.feeds
      ? startFeeds(definition.feeds(runtime), { db, bus: feedBus, logger })
      : nothing,
    definition.background ? definition.background(runtime) : nothing,
  );
}
