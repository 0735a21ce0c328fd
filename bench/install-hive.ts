import { ensureHiveGateway } from './hive-install.js';

// `npm run peer:install`: Hive Gateway into bench/hive, for the differential test and the bench.
const installation = await ensureHiveGateway();
process.stdout.write(`Hive Gateway ${installation.version} is installed in bench/hive.\n`);
