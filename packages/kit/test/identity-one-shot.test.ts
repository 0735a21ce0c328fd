import { createPublicKey } from 'node:crypto';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  IdentitySigner,
  IdentityVerifier,
  bodyDigest,
  derivedIdentityKey,
  identityKeyId,
  type Caller,
} from '../src/index.js';
import { encodedHeader, signOneShot } from '../src/identity-one-shot.js';

/**
 * The identity-one-shot lever: node:crypto's one-shot Ed25519 makes the very JWS jose makes over
 * WebCrypto, and each side accepts the other's and refuses what the other refuses.
 */
const gatewayKey = derivedIdentityKey('one-shot-test');
const caller: Caller = {
  kind: 'user',
  id: 'u1',
  department: 'd',
  roles: ['district-official'],
  scopes: ['pii:read'],
  streets: null,
  personId: null,
  purpose: 'resident-services',
};
const body = '{"query":"{ person(idNumber: \\"x\\") { name } }"}';

describe('one-shot identity signatures', () => {
  it('writes the same token as jose for the same payload', async () => {
    const keyId = await identityKeyId(createPublicKey(gatewayKey));
    const payload = JSON.stringify({ iss: 'x', caller, note: '中文 and ascii' });
    const viaJose = await new CompactSign(Buffer.from(payload))
      .setProtectedHeader({ alg: 'EdDSA', kid: keyId })
      .sign(gatewayKey);
    expect(signOneShot(encodedHeader(keyId), payload, gatewayKey)).toBe(viaJose);
  });

  for (const [signing, checking] of [
    [true, false],
    [false, true],
    [true, true],
  ] as const)
    it(`a ${signing ? 'one-shot' : 'jose'} signature is read by a ${checking ? 'one-shot' : 'jose'} check, and refused alike when tampered with`, async () => {
      const signer = await IdentitySigner.create(gatewayKey, { oneShot: signing });
      const verifier = await IdentityVerifier.create({
        audience: 'population',
        publicKeys: [createPublicKey(gatewayKey)],
        oneShot: checking,
      });
      const jose = await IdentityVerifier.create({
        audience: 'population',
        publicKeys: [createPublicKey(gatewayKey)],
        oneShot: false,
      });
      const sign = () => signer.sign({ caller, operation: 'Op', audience: 'population', body });
      expect(await verifier.verify(await sign(), bodyDigest(body))).toMatchObject({
        caller,
        operation: 'Op',
      });
      const [head, payload, signature] = (await sign()).split('.');
      const raised = Buffer.from(
        Buffer.from(payload!, 'base64url').toString().replace('"u1"', '"admin"'),
      ).toString('base64url');
      const forged = [
        `${head}.${raised}.${signature}`,
        `${head}.${payload}.${signature!.slice(0, -4)}AAAA`,
        `${head}.${payload}`,
        `e30.${payload}.${signature}`,
        'not a token',
      ];
      for (const token of forged)
        expect(await verifier.verify(token, bodyDigest(body)), token).toEqual(
          await jose.verify(token, bodyDigest(body)),
        );
      const replayed = await sign();
      expect(await verifier.verify(replayed, bodyDigest(body))).toHaveProperty('caller');
      expect(await verifier.verify(replayed, bodyDigest(body))).toEqual({ refused: 'replayed' });
    });
});
