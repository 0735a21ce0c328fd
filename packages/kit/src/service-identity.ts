import { createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { SCOPES, type Caller, type Scope } from './caller.js';
import { identityKeyId } from './identity-keys.js';
import { JWT_AUDIENCE } from './tokens.js';

/**
 * The hub's own machine callers. Each signs short-lived tokens with its own Ed25519 key; the
 * gateway holds the public keys and decides here, not from the token, what each may do, so that a
 * compromised service cannot grant itself more. Their reads are audited under their own name.
 */
export const SERVICE_IDENTITIES: Record<
  string,
  { department: string; description: string; scopes: Scope[] }
> = {
  'risk-run': {
    department: 'risk',
    description:
      'the nightly community risk run: counts per community from population, transport, sites and enterprises',
    // Counts below the small-count threshold need personal-data rights; rows are read only to count them.
    scopes: [
      SCOPES.populationRead,
      SCOPES.piiRead,
      SCOPES.transportRead,
      SCOPES.sitesRead,
      SCOPES.sitesScreen,
      SCOPES.enterpriseRead,
    ],
  },
};

/** The environment variable of a service's key, e.g. RISK_RUN_PUBLIC_KEY. */
export function serviceKeyVariable(service: string, half: 'PUBLIC' | 'PRIVATE'): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_${half}_KEY`;
}

const SERVICE_TOKEN_SECONDS = 300;
/** Gateway side: a service token older than this is refused whatever its `exp` says. */
export const SERVICE_TOKEN_MAX_AGE = '10m';

/** A token a machine caller presents at the gateway (Authorization: Bearer), signed with its key. */
export async function mintServiceToken(
  service: string,
  privateKey: KeyObject,
  now = Date.now(),
): Promise<string> {
  const seconds = Math.floor(now / 1000);
  return new SignJWT({})
    .setProtectedHeader({
      alg: 'EdDSA',
      typ: 'JWT',
      kid: await identityKeyId(createPublicKey(privateKey)),
    })
    .setIssuer(`service:${service}`)
    .setSubject(service)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt(seconds)
    .setExpirationTime(seconds + SERVICE_TOKEN_SECONDS)
    .sign(privateKey);
}

/** The caller a verified service token stands for. */
export function serviceCaller(service: string, purpose: string | null): Caller {
  const identity = SERVICE_IDENTITIES[service];
  if (!identity) throw new Error(`unknown service ${service}`);
  return {
    kind: 'service',
    id: `service:${service}`,
    department: identity.department,
    roles: [],
    scopes: [...identity.scopes],
    streets: null,
    personId: null,
    purpose,
  };
}
