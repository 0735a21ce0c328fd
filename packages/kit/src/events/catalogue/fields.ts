import { z } from 'zod';

/** A calendar date in an event's data. */
export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One event type of the catalogue: its version, department, the scope to see it and its data. */
export interface EventDefinition {
  version: number;
  department: string;
  scope: string;
  /**
   * The live stream gives it to any signed-in caller (the aggregates-only screen included), as its
   * data is what an @authenticated field already shows them (the risk map's levels and scores).
   * Webhook subscriptions still need `scope`.
   */
  streamToAnySignedIn?: boolean;
  description: string;
  /** Counts of people: published to recipients without exact-figure rights as `@aggregate` counts are. */
  aggregateFields?: readonly string[];
  data: z.ZodObject;
}
