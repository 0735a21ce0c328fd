import { prepareCli } from '@cityhub/launcher';

await prepareCli(true);
