import { createPublicKey } from 'node:crypto';
import { IDENTITY_HEADER, IdentityVerifier, bodyDigest, derivedIdentityKey } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { directSubgraphSigner } from '../hub-credentials.js';

describe("the bench's signer for subgraphs called directly", () => {
  it('signs each body as the gateway does, so that the subgraph accepts it once', async () => {
    const key = derivedIdentityKey('bench-test');
    const sign = await directSubgraphSigner(key, 'population', 'HealthCodeGate');
    const verifier = await IdentityVerifier.create({
      audience: 'population',
      publicKeys: [createPublicKey(key)],
    });
    const body = '{"query":"{ districts { code } }"}';
    const header = sign(body)[IDENTITY_HEADER]!;
    expect(await verifier.verify(header, bodyDigest(body))).toMatchObject({
      operation: 'HealthCodeGate',
      caller: { id: 'bench', purpose: 'resident-services' },
    });
    expect(await verifier.verify(header, bodyDigest(body))).toEqual({ refused: 'replayed' });
    expect(await verifier.verify(sign(body)[IDENTITY_HEADER], bodyDigest(body))).toHaveProperty(
      'caller',
    );
  });
});
