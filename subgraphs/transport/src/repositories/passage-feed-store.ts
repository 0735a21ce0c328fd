import type { Database, FeedOrigin, FeedOutcome } from '@cityhub/kit';

export interface CheckedPassage {
  sourceId: string;
  checkpointCode: string;
  passedAt: string;
  direction: 'INBOUND' | 'OUTBOUND';
  plate: string;
  vehicleKind: 'CAR' | 'BUS' | 'TRUCK';
  originCode: string;
  occupants: number;
}

const UNKNOWN_CHECKPOINT: FeedOutcome = {
  field: 'checkpointCode',
  reason: 'no checkpoint has this code',
};

/** Passages from the checkpoint feed: one statement a batch, each source id once. */
export class PassageFeedStore {
  constructor(private readonly db: Database) {}

  /** A passage is an event, not a state: each new one is applied; one seen before is ignored. */
  async record(
    passages: readonly CheckedPassage[],
    origin: FeedOrigin,
  ): Promise<Map<string, FeedOutcome>> {
    const { rows } = await this.db.raw<{ rows: Array<{ source_id: string; known: boolean }> }>(
      `/* transport.recordCheckpointPassages */
       WITH input AS (
         SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::smallint[])
             AS u(source_id, checkpoint_code, passed_at, direction, plate, vehicle_kind, origin_code, occupants)),
       inserted AS (
         INSERT INTO checkpoint_passages (source_id, checkpoint_code, passed_at, direction, plate, vehicle_kind,
                                          origin_code, occupants, feed, recorded_by, recorded_at)
         SELECT i.*, ?, ?, now() FROM input i JOIN checkpoints c ON c.code = i.checkpoint_code
         ON CONFLICT (source_id) DO NOTHING
         RETURNING source_id)
       SELECT source_id, true AS known FROM inserted
       UNION ALL
       SELECT i.source_id, false FROM input i
        WHERE NOT EXISTS (SELECT 1 FROM checkpoints c WHERE c.code = i.checkpoint_code)`,
      [
        passages.map((p) => p.sourceId),
        passages.map((p) => p.checkpointCode),
        passages.map((p) => p.passedAt),
        passages.map((p) => p.direction),
        passages.map((p) => p.plate),
        passages.map((p) => p.vehicleKind),
        passages.map((p) => p.originCode),
        passages.map((p) => p.occupants),
        origin.channel,
        origin.recordedBy,
      ],
    );
    return new Map(
      rows.map((row): [string, FeedOutcome] => [
        row.source_id,
        row.known ? 'APPLIED' : UNKNOWN_CHECKPOINT,
      ]),
    );
  }
}
