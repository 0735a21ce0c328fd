import { credentialsCli } from '@cityhub/launcher';

const [command, ...rest] = process.argv.slice(2);
try {
  await credentialsCli(command === 'key' ? 'key' : 'token', rest);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
