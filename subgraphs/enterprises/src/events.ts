import { Outbox } from '@cityhub/kit';

/** The enterprises department's outbox (enterprises.event_outbox), written in each change's transaction. */
export const enterprisesOutbox = new Outbox('enterprises');
