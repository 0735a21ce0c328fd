import { cityDate, createDatabase, createLogger, dateProblem, shiftDate } from '@cityhub/kit';
import { gatewaySettingsOf, riskConfig } from './config.js';
import { RiskRunner } from './managers/risk-runner.js';

/**
 * `npm run risk:run [-- YYYY-MM-DD]`: runs the community model for a date (default: yesterday in
 * the city's calendar) against a running hub's gateway, printing progress; exits 1 if it fails.
 */
const config = riskConfig();
const logger = createLogger('cityhub-risk-run', config.LOG_LEVEL);
const date = process.argv[2] ?? shiftDate(cityDate(), -1);
const problem = dateProblem(date);
const databaseUrl = config.RISK_DATABASE_URL ?? config.DATABASE_URL;
if (problem || !databaseUrl) {
  process.stderr.write(
    problem ? `Invalid date ${date}: ${problem}.\n` : 'Set RISK_DATABASE_URL or DATABASE_URL.\n',
  );
  process.exit(1);
}
const db = createDatabase({ url: databaseUrl, schema: 'risk', poolMax: 2, logger });
const started = Date.now();
try {
  const outcome = await new RiskRunner(db, gatewaySettingsOf(config), logger).run(
    date,
    'COMMAND_LINE',
    `command line (${process.env.USER ?? 'unknown user'})`,
    ({ step, done, total }) => {
      process.stderr.write(
        `risk run ${date}: ${step} ${done.toLocaleString('en')}/${total.toLocaleString('en')}\n`,
      );
    },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `Risk run ${outcome.run.id} for ${date}: ${outcome.communities.toLocaleString('en')} communities in ${seconds} s, ${outcome.gatewayRequests} gateway requests.\n`,
  );
  for (const source of outcome.sources)
    process.stdout.write(
      `  ${source.available ? 'ok         ' : 'unavailable'}  ${source.name}: ${source.detail}\n`,
    );
} catch (error) {
  process.stderr.write(`Risk run for ${date} failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
