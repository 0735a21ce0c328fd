import { SignJWT } from 'jose';

export const JWT_ISSUER = 'city-data-hub';
export const JWT_AUDIENCE = 'city-data-hub';

export interface TokenClaims {
  subject: string;
  department: string;
  roles: string[];
  /** Scopes beyond those the roles grant. */
  scopes?: string[];
  streets?: string[];
  personId?: string;
  /** Credit code of the enterprise an organisation-bound role (a contractor) acts for. */
  organization?: string;
  /** e.g. '8h', '30d' */
  expiresIn?: string;
}

/** Mints an HS256 token as the hub's own identity service would (development, services, tests). */
export async function mintToken(claims: TokenClaims, secret: string): Promise<string> {
  return new SignJWT({
    dept: claims.department,
    roles: claims.roles,
    ...(claims.scopes?.length ? { scope: claims.scopes.join(' ') } : {}),
    ...(claims.streets ? { streets: claims.streets } : {}),
    ...(claims.personId ? { pid: claims.personId } : {}),
    ...(claims.organization ? { org: claims.organization } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '8h')
    .sign(new TextEncoder().encode(secret));
}
