import { Outbox } from '@cityhub/kit';

/** The dispatch department's outbox (dispatch.event_outbox), written in each change's transaction. */
export const dispatchOutbox = new Outbox('dispatch');
