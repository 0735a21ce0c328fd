import { runCommand, startHub } from '@cityhub/launcher';

await runCommand(startHub);
