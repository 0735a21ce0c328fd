/** What the resolvers are given for each type: the gateway's key store's records. */
export type {
  ApiKeyRecord as ApiKeyParent,
  ApiKeyChange as ApiKeyChangeParent,
  ApiKeyUsageTotals as ApiKeyUsageParent,
} from '@cityhub/gateway';
