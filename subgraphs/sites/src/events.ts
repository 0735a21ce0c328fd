import { Outbox } from '@cityhub/kit';

/** The sites department's outbox (sites.event_outbox), written in each change's transaction. */
export const sitesOutbox = new Outbox('sites');
