import { createPublicKey, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

const LINK_AUDIENCE = 'cityhub-export-download';

export type LinkCheck =
  | { ok: true; jobId: string; owner: string }
  | { ok: false; code: 'EXPORT_LINK_EXPIRED' | 'EXPORT_LINK_INVALID'; message: string };

/**
 * Download links of finished exports: a token signed with the gateway's Ed25519 key (shared by its
 * replicas), naming the job and its owner, that expires. It is not a credential: the download also
 * needs the owner's own credentials.
 */
export class ExportLinks {
  private readonly publicKey: KeyObject;
  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
  }

  async sign(jobId: string, owner: string, expiresAt: Date): Promise<string> {
    return new SignJWT({ owner })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(jobId)
      .setAudience(LINK_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.privateKey);
  }

  async check(token: string): Promise<LinkCheck> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        audience: LINK_AUDIENCE,
        algorithms: ['EdDSA'],
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 0,
      });
      if (typeof payload.owner !== 'string') throw new Error('no owner');
      return { ok: true, jobId: payload.sub!, owner: payload.owner };
    } catch (error) {
      return error instanceof joseErrors.JWTExpired
        ? {
            ok: false,
            code: 'EXPORT_LINK_EXPIRED',
            message: 'This download link has expired; start the export again.',
          }
        : { ok: false, code: 'EXPORT_LINK_INVALID', message: 'This download link is not valid.' };
    }
  }
}
