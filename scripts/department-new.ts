import { fileURLToPath } from 'node:url';
import { scaffoldDepartment } from './department-scaffold.js';

// `npm run department:new -- <name> [port]`: a new department from the template, registered.
const [name, port] = process.argv.slice(2);
if (!name) {
  process.stderr.write('Usage: npm run department:new -- <name> [port]\n');
  process.exit(1);
}
try {
  const created = scaffoldDepartment({
    root: fileURLToPath(new URL('../', import.meta.url)),
    name,
    port: port ? Number(port) : undefined,
  });
  process.stdout.write(
    `Created ${created.folder} (port ${created.port}) and registered it in schema/subgraphs.ts.\n` +
      'Next: npm install && npm run codegen && npm run compose, then npm test.\n',
  );
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
