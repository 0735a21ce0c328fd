import { Outbox } from '@cityhub/kit';

/** The transport department's outbox (transport.event_outbox), written in each change's transaction. */
export const transportOutbox = new Outbox('transport');
