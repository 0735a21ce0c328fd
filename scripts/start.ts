import { startHub } from '@cityhub/launcher';

await startHub();
