import {
  BadUserInputError,
  cityDate,
  inRawTransaction,
  requireDate,
  shiftDate,
  type Database,
  type Logger,
} from '@cityhub/kit';
import { GatewayClient, type GatewaySettings } from '../gateway/gateway-client.js';
import { riskOutbox, runFailedEvent, runFinishedEvents } from '../events.js';
import { AssessmentStore, type NewAssessment } from '../repositories/assessment-store.js';
import { CaseReportStore } from '../repositories/case-report-store.js';
import { CreditStore } from '../repositories/credit-store.js';
import { HousingStore } from '../repositories/housing-store.js';
import { ModelStore } from '../repositories/model-store.js';
import type { DbRiskRunRow, RunTrigger, SourceStatus } from '../repositories/rows.js';
import { RunStore } from '../repositories/run-store.js';
import { saveCredit } from './credit-scoring.js';
import { gatherRunInputs, type RunProgress } from './run-gathering.js';
import { assessmentOf } from './run-inputs.js';
import { REFUSALS, refuse } from '../refusals.js';

export type { RunProgress } from './run-gathering.js';

export interface RunOutcome {
  run: DbRiskRunRow;
  communities: number;
  gatewayRequests: number;
  sources: SourceStatus[];
}

/**
 * The nightly run of the community model: reads the other departments' inputs through the
 * gateway (a few paged requests per source, never one per community), adds the risk department's
 * own (case reports, housing), scores every community and stores each score with its explanation.
 * The same inputs always give the same scores; a failed run is marked FAILED and can be rerun.
 */
export class RiskRunner {
  private readonly runs: RunStore;
  private readonly models: ModelStore;
  private readonly assessments: AssessmentStore;
  private readonly stores: {
    caseReports: CaseReportStore;
    housing: HousingStore;
    credit: CreditStore;
  };

  constructor(
    private readonly db: Database,
    private readonly gateway: GatewaySettings,
    private readonly logger: Logger,
  ) {
    this.runs = new RunStore(db);
    this.models = new ModelStore(db);
    this.assessments = new AssessmentStore(db);
    this.stores = {
      caseReports: new CaseReportStore(db),
      housing: new HousingStore(db),
      credit: new CreditStore(db),
    };
  }

  /**
   * An official's run for a date (yesterday unless said): registered now, executed after the
   * request, its outcome read back through riskRun(id).
   */
  async startOnDemand(date: string | null | undefined, startedBy: string): Promise<DbRiskRunRow> {
    const day = date ? requireDate('date', date) : shiftDate(cityDate(), -1);
    if (day > cityDate())
      throw new BadUserInputError('date', 'cannot assess a day that has not begun');
    const run = await this.begin(day, 'OFFICIAL', startedBy);
    this.execute(run).catch((error: Error) =>
      this.logger.warn({ err: error, riskRun: run.id }, 'on-demand risk run failed'),
    );
    return run;
  }

  /** Registers a run for the date with the current model; refused while another runs for that date. */
  async begin(date: string, trigger: RunTrigger, startedBy: string): Promise<DbRiskRunRow> {
    const model = await this.models.latest();
    if (!model) throw new Error('no risk model has been published');
    const run = await this.runs.start(date, model.version, trigger, startedBy);
    if (!run)
      return refuse(REFUSALS.runInProgress, `A risk run for ${date} is already in progress.`, {
        date,
      });
    return run;
  }

  async execute(
    run: DbRiskRunRow,
    onProgress?: (progress: RunProgress) => void,
  ): Promise<RunOutcome> {
    const sources: SourceStatus[] = [];
    const logger = this.logger.child({ riskRun: run.id, date: run.assessedOn });
    const client = new GatewayClient(this.gateway, logger);
    try {
      const [model] = await this.models.byVersions([run.modelVersion]);
      const gathered = await gatherRunInputs(
        this.db,
        this.stores,
        client,
        run.assessedOn,
        sources,
        onProgress,
      );
      const assessments = gathered.communities.map((community) =>
        assessmentOf(model!.indicators, community, gathered.inputs),
      );
      onProgress?.({
        step: 'communities scored',
        done: assessments.length,
        total: gathered.communities.length,
      });
      sources.push(...gathered.credit.sources);
      await saveCredit(this.stores.credit, run, gathered.credit);
      await this.finish(run, assessments, sources);
      logger.info(
        { communities: assessments.length, gatewayRequests: client.requests },
        'risk run finished',
      );
      return {
        run: { ...run, status: 'SUCCEEDED', communitiesAssessed: assessments.length, sources },
        communities: assessments.length,
        gatewayRequests: client.requests,
        sources,
      };
    } catch (error) {
      logger.error({ err: error }, 'risk run failed');
      const reason = (error as Error).message;
      await this.db.transaction(async (trx) => {
        await this.runs.in(trx).fail(run.id, reason, sources);
        await riskOutbox.add(trx, runFailedEvent(run, reason));
      });
      throw error;
    }
  }

  /** begin + execute, for the schedule and the command line. */
  async run(
    date: string,
    trigger: RunTrigger,
    startedBy: string,
    onProgress?: (progress: RunProgress) => void,
  ): Promise<RunOutcome> {
    return this.execute(await this.begin(date, trigger, startedBy), onProgress);
  }

  /**
   * Replaces the date's assessments with the run's and marks the run done, in one transaction: a
   * reader sees the old day or the new one, never half of each. The events compare with the levels
   * the hub showed before.
   */
  private async finish(
    run: DbRiskRunRow,
    assessments: NewAssessment[],
    sources: SourceStatus[],
  ): Promise<void> {
    await inRawTransaction(this.db, async (connection) => {
      const previous = await this.assessments.levelsBefore(connection, run.assessedOn);
      await this.assessments.replaceDay(connection, run, assessments);
      await this.runs.succeeded(connection, run.id, assessments.length, sources);
      await riskOutbox.add(connection, ...runFinishedEvents(run, assessments, previous));
    });
  }
}
