import type { Caller } from '@cityhub/kit';

/** What the gateway knows of a request once its caller is verified. */
export interface GatewayContext {
  caller: Caller;
  registeredOperationsOnly: boolean;
  isRegisteredOperation(document: string): Promise<boolean>;
}
