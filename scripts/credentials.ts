import { credentialsCli, runCommand } from '@cityhub/launcher';

const [command, ...rest] = process.argv.slice(2);
await runCommand(() => credentialsCli(command === 'key' ? 'key' : 'token', rest));
