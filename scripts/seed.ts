import { prepareCli, runCommand } from '@cityhub/launcher';

await runCommand(() => prepareCli(true));
