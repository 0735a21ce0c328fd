import { userInfo } from 'node:os';
import { asSchemaOwner, createLogger, migrateUp, parseConfig } from '@cityhub/kit';
import { importProgressPrinter, runImport, type ImportMapping } from '@cityhub/importer';
import {
  databaseUrlFor,
  hubEnvironment,
  loadSubgraphModules,
  openConfiguredHubDatabase,
  runCommand,
  type HubConfig,
} from '@cityhub/launcher';
import { SUBGRAPHS } from '@cityhub/schema';

/**
 * `npm run import -- <department> <kind> <file>`: loads a department's own CSV or JSON Lines file
 * into its schema (migrated first), printing progress; run it again after an interruption to
 * resume, or on the same file to find it already loaded.
 */
await runCommand(async () => {
  const [department, kind, file] = process.argv.slice(2);
  if (!department || !kind || !file)
    throw new Error('usage: npm run import -- <department> <kind> <file.csv|file.jsonl>');
  const entry = SUBGRAPHS.find(({ name }) => name === department);
  if (!entry) throw new Error(`no department named ${department}`);
  const config = parseConfig(hubEnvironment) as HubConfig;
  const [module] = await loadSubgraphModules([entry]);
  const exported = (await import(`@cityhub/${department}`)) as {
    importMappings?: (settings: { personIdKey: string }) => ImportMapping[];
  };
  const mappings = exported.importMappings?.({ personIdKey: config.PERSON_ID_KEY }) ?? [];
  const mapping = mappings.find((m) => m.kind === kind);
  if (!mapping)
    throw new Error(
      `${department} loads ${mappings.map((m) => m.kind).join(', ') || 'no files'}, not ${kind}`,
    );
  const logger = createLogger('cityhub-import', config.LOG_LEVEL ?? 'warn');
  const database = await openConfiguredHubDatabase(config, logger);
  try {
    const schema = module!.subgraph.databaseSchema ?? department;
    const { result } = await asSchemaOwner(
      { url: databaseUrlFor(config, department, database.url), schema, logger },
      async (db) => {
        await migrateUp(db, schema, module!.subgraph.migrations);
        return runImport({
          db,
          mapping,
          file,
          startedBy: `cli:${userInfo().username}`,
          onProgress: importProgressPrinter(),
        });
      },
    );
    const { job } = result;
    process.stdout.write(
      result.alreadyImported
        ? `Already imported as job ${job.id} (same content): nothing changed.\n`
        : `Job ${job.id} ${result.resumed ? '(resumed) ' : ''}done: ${job.rows_inserted} inserted, ${job.rows_updated} updated, ${job.rows_unchanged} unchanged, ${job.rows_rejected} rejected (the reasons: ${department}ImportJob(id: "${job.id}")), ${job.rows_per_second} rows/s.\n`,
    );
  } finally {
    await database.stop();
  }
});
