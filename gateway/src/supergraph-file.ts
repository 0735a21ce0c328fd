import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@cityhub/kit';

/**
 * Serves the supergraph from a file and reloads it when the file changes (`npm run compose`), so
 * that a new schema goes live without a restart. A file that fails to load keeps the old schema.
 */
export function supergraphFromFile(path: string, logger: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    let current = await readFile(path, 'utf8');
    const reload = async () => {
      try {
        const next = await readFile(path, 'utf8');
        if (next === current || next.trim() === '') return;
        update(next);
        current = next;
        logger.info({ path }, 'supergraph reloaded');
      } catch (error) {
        logger.error({ err: error, path }, 'supergraph reload failed; keeping the previous one');
      }
    };
    // Polling (twice a second) also follows editors that replace the file rather than rewrite it.
    watchFile(path, { interval: 500 }, (now, before) => {
      if (now.mtimeMs !== before.mtimeMs) void reload();
    });
    return { supergraphSdl: current, cleanup: async () => unwatchFile(path) };
  };
}
