import type pg from 'pg';
import { inRawTransaction, type Database } from '@cityhub/kit';
import { SyntheticCity } from './presets.js';
import type { SeedOptions, SeedOutcome } from './seeding.js';

/** What a department's seed writes, planned from the city its run began with. */
export interface SeedPlan {
  /** How many units (residents, communities, days...) the chunks write. */
  total: number;
  /** A new run's first writes (a catalogue, the geography); they must bear being redone. */
  begin?(): Promise<void>;
  /** Writes units `start` to `end` on `client`, in the transaction of the run's progress mark; returns the rows written. */
  write(client: pg.PoolClient, start: number, end: number): Promise<number | void>;
  /** What follows the last chunk (on a run that stopped after it, again). */
  end?(): Promise<void>;
  /** Written in the transaction that marks the run finished. */
  finish?(trx: Database): Promise<unknown>;
}

/** A department's seed run: where its progress is kept, and what it writes. */
export interface ChunkedSeed {
  /** The department's schema, which holds its `seed_runs`. */
  schema: string;
  /** The unit the run counts, as `seed_runs` names its columns (`<unit>_total`, `<unit>_done`). */
  unit: string;
  /** What the progress reports call the chunks' work (by default the unit). */
  step?: string;
  chunkSize: number;
  plan(source: SyntheticCity): SeedPlan | Promise<SeedPlan>;
  /** The tables analysed once the run is finished. */
  analyze: string[];
}

/**
 * The frame every department's seed runs in: a run recorded in `seed_runs` per preset, chunks each
 * committed with their progress mark, so that an interrupted seed resumes where it stopped (with the
 * seed and date it began with, so that its halves match) and a finished one is not redone.
 */
export async function runChunkedSeed(
  { db, city, logger, onProgress }: SeedOptions,
  seed: ChunkedSeed,
): Promise<SeedOutcome> {
  const preset = city.preset.name;
  const existing = await db('seed_runs').where({ preset }).first();
  if (existing?.finished_at) return 'already-seeded';
  const source = existing ? resumedCity(city, existing, logger, seed.unit) : city;
  const plan = await seed.plan(source);
  if (!existing) {
    await plan.begin?.();
    await db('seed_runs').insert({
      preset,
      seed: city.seed,
      reference_date: city.referenceDate,
      [`${seed.unit}_total`]: plan.total,
    });
  }
  const started = Date.now();
  let done: number = existing?.[`${seed.unit}_done`] ?? 0;
  let rows = 0;
  while (done < plan.total) {
    const start = done;
    const end = Math.min(start + seed.chunkSize, plan.total);
    rows += await inRawTransaction(db, async (client) => {
      const written = await plan.write(client, start, end);
      await client.query(
        `UPDATE ${seed.schema}.seed_runs SET ${seed.unit}_done = $1 WHERE preset = $2`,
        [end, preset],
      );
      return written ?? end - start;
    });
    done = end;
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    onProgress?.({
      step: seed.step ?? seed.unit,
      done,
      total: plan.total,
      rowsPerSecond: Math.round(rows / seconds),
    });
  }
  await plan.end?.();
  await db.transaction(async (trx) => {
    await plan.finish?.(trx);
    await trx('seed_runs').where({ preset }).update({ finished_at: trx.fn.now() });
  });
  await db.raw(seed.analyze.map((table) => `ANALYZE ${table}`).join('; '));
  return existing ? 'resumed' : 'seeded';
}

/** The city an interrupted run began with: its own seed and date, whatever this start asks for. */
function resumedCity(
  city: SyntheticCity,
  run: { seed: number; reference_date: string },
  logger: SeedOptions['logger'],
  unit: string,
): SyntheticCity {
  const preset = city.preset.name;
  if (run.seed === city.seed && run.reference_date === city.referenceDate) {
    logger.info({ preset, unit }, 'resuming the earlier seed run');
    return city;
  }
  logger.info(
    { preset, seed: run.seed, referenceDate: run.reference_date },
    'resuming the earlier seed run with its own seed and date',
  );
  return new SyntheticCity(city.preset, run.seed, run.reference_date);
}
