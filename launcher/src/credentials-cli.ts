import { parseArgs } from 'node:util';
import { ApiKeyStore, TrustedDocumentStore } from '@cityhub/gateway';
import {
  ROLES,
  SCOPES,
  createDatabase,
  createLogger,
  ensureDatabaseExists,
  mintToken,
  parseConfig,
} from '@cityhub/kit';
import { openConfiguredHubDatabase } from './database-setup.js';
import { hubEnvironment, type HubConfig } from './hub-config.js';

const TOKEN_HELP = `npm run hub:token -- [options]      mint a development token (HS256 with JWT_SECRET)

  --role <role>        repeatable; one of: ${Object.keys(ROLES).join(', ')}
  --scope <scope>      repeatable; extra scopes: ${Object.values(SCOPES).join(', ')}
  --street <code>      repeatable; the streets a street-local role covers, e.g. 310104003
  --person-id <id>     the caller as a resident (legal representatives, residents)
  --organization <cc>  credit code of the enterprise a contractor acts for
  --subject <id>       user id (default: dev-user)
  --department <name>  (default: development)
  --ttl <duration>     e.g. 8h, 30d (default: 8h)`;

const KEY_HELP = `npm run hub:key -- --name <name> --department <dept> [options]   create an integrator's API key

  --scope <scope>          repeatable: ${Object.values(SCOPES).join(', ')}
  --application <name>     the integrator application the key belongs to (default: the key itself)
  --registered-only        the key may run its application's trusted documents only
  --register <file>        register trusted documents: a .graphql file, or the
                           persisted-documents.json manifest graphql-codegen writes (repeatable)
  --per-minute <n>         rate limit (default 6000)
The key is printed once; only its hash is stored.

npm run hub:key -- --list [--department <dept>]           keys, their state and last use
npm run hub:key -- --rotate <id> [--grace <seconds>]      a new secret; the old one works for the
                                                          grace period (default 86400)
npm run hub:key -- --expire <id> --at <ISO date|never>    when the key stops working
npm run hub:key -- --revoke <id>                          at once (other gateways within 30 s)
Every change is recorded in gateway.api_key_changes.`;

/** `npm run hub:token` and `npm run hub:key`: development tokens and integrators' keys. */
export async function credentialsCli(command: 'token' | 'key', argv: string[]): Promise<void> {
  const config = parseConfig(hubEnvironment) as HubConfig;
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean' },
      role: { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      street: { type: 'string', multiple: true },
      'person-id': { type: 'string' },
      organization: { type: 'string' },
      subject: { type: 'string' },
      department: { type: 'string' },
      ttl: { type: 'string' },
      name: { type: 'string' },
      application: { type: 'string' },
      'registered-only': { type: 'boolean' },
      register: { type: 'string', multiple: true },
      'per-minute': { type: 'string' },
      list: { type: 'boolean' },
      rotate: { type: 'string' },
      grace: { type: 'string' },
      expire: { type: 'string' },
      at: { type: 'string' },
      revoke: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${command === 'token' ? TOKEN_HELP : KEY_HELP}\n`);
    return;
  }
  const unknownScopes = (values.scope ?? []).filter(
    (scope) => !(Object.values(SCOPES) as string[]).includes(scope),
  );
  if (unknownScopes.length) throw new Error(`unknown scope(s): ${unknownScopes.join(', ')}`);
  if (command === 'token') {
    const unknownRoles = (values.role ?? []).filter((role) => !(role in ROLES));
    if (unknownRoles.length) throw new Error(`unknown role(s): ${unknownRoles.join(', ')}`);
    const token = await mintToken(
      {
        subject: values.subject ?? 'dev-user',
        department: values.department ?? 'development',
        roles: values.role ?? ['viewer'],
        scopes: values.scope,
        streets: values.street,
        personId: values['person-id'],
        organization: values.organization,
        expiresIn: values.ttl ?? '8h',
      },
      config.JWT_SECRET,
    );
    process.stdout.write(`${token}\n`);
    return;
  }
  const managing = values.list || values.rotate || values.expire || values.revoke;
  if (!managing && (!values.name || !values.department))
    throw new Error(`--name and --department are required\n${KEY_HELP}`);
  const logger = createLogger('cityhub-credentials', 'warn');
  const database = await openConfiguredHubDatabase(config, logger);
  await ensureDatabaseExists(database.url);
  const db = createDatabase({ url: database.url, schema: 'gateway', logger });
  try {
    const { gatewayMigrations } = await import('@cityhub/gateway');
    const { migrateUp } = await import('@cityhub/kit');
    await migrateUp(db, 'gateway', gatewayMigrations);
    const store = new ApiKeyStore(db);
    if (managing) {
      const actor = 'cli';
      const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      if (values.list) print(await store.list(values.department));
      else if (values.rotate) {
        const rotated = await store.rotate(values.rotate, {
          graceSeconds: Number(values.grace ?? 86_400),
          actor,
        });
        if (!rotated) throw new Error(`no live key ${values.rotate}`);
        process.stdout.write(
          `x-api-key: ${rotated.secret}\nthe old secret works until ${rotated.key.previousSecretExpiresAt?.toISOString()}\n`,
        );
      } else if (values.expire) {
        if (!values.at) throw new Error('--at <ISO date|never> is required');
        const at = values.at === 'never' ? null : new Date(values.at);
        if (at && Number.isNaN(at.getTime())) throw new Error(`--at ${values.at} is not a date`);
        print(await store.expire(values.expire, at, actor));
      } else if (values.revoke) print(await store.revoke(values.revoke, actor));
      return;
    }
    if (!values.name || !values.department) throw new Error(KEY_HELP);
    const documents = new TrustedDocumentStore(db);
    const { readFile } = await import('node:fs/promises');
    const { key, secret } = await store.create({
      name: values.name,
      department: values.department,
      application: values.application,
      scopes: values.scope ?? [],
      registeredOperationsOnly: values['registered-only'] ?? false,
      requestsPerMinute: Number(values['per-minute'] ?? 6000),
    });
    for (const file of values.register ?? []) {
      const text = await readFile(file, 'utf8');
      const registered = file.endsWith('.json')
        ? await documents.registerManifest(key.application, JSON.parse(text))
        : await documents.register(key.application, [text]);
      for (const document of registered)
        process.stdout.write(`trusted ${document.operationName ?? file}: ${document.documentId}\n`);
    }
    process.stdout.write(`application: ${key.application}\nx-api-key: ${secret}\n`);
  } finally {
    await db.destroy();
    await database.stop();
  }
}
