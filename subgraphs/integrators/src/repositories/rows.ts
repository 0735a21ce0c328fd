/**
 * The records resolvers are given: the keys live in the gateway's tables and are read and changed
 * through the gateway's own ApiKeyStore (the gateway reads them on every keyed request), whose
 * records are already camelCase.
 */
export type {
  ApiKeyRecord as ApiKeyParent,
  ApiKeyChange as ApiKeyChangeParent,
  ApiKeyUsageTotals as ApiKeyUsageParent,
} from '@cityhub/gateway';
