import {
  createHash,
  createPrivateKey,
  createPublicKey,
  webcrypto,
  type KeyObject,
} from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { DEVELOPMENT_IDENTITY_PASSPHRASE, DEVELOPMENT_KEY } from './config.js';

/** An Ed25519 key as a WebCrypto key, imported once (jose would convert a KeyObject on every use). */
export function webCryptoKey(key: KeyObject): Promise<webcrypto.CryptoKey> {
  const format = key.type === 'private' ? 'pkcs8' : 'spki';
  return webcrypto.subtle.importKey(
    format,
    key.export({ format: 'der', type: format }),
    'Ed25519',
    false,
    [key.type === 'private' ? 'sign' : 'verify'],
  );
}

/** The key id of a public key: its JWK thumbprint (RFC 7638), so that no one has to name keys. */
export async function identityKeyId(publicKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as never);
}

// PKCS#8 prefix of an Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * A deterministic Ed25519 key pair from a passphrase, for development and tests only: `npm start`
 * and the test hub need no settings, and every process of a development hub derives the same key.
 */
export function developmentIdentityKey(passphrase: string): KeyObject {
  const seed = createHash('sha256').update(`city-data-hub-identity:${passphrase}`).digest();
  return createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** An Ed25519 private key from PEM (PKCS#8); refuses any other kind of key. */
export function parseIdentityPrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the identity key must be Ed25519');
  return key;
}

/** One or more Ed25519 public keys in PEM, concatenated (two during a key rollover). */
export function parseIdentityPublicKeys(pems: string): KeyObject[] {
  const blocks = pems.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no PEM public key found');
  return blocks.map((block) => {
    const key = createPublicKey(block);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('identity keys must be Ed25519');
    return key;
  });
}

/**
 * A private key setting: PEM, or `development` for the key derived from the development passphrase
 * (`holder` names whose key: the gateway's by default, else a machine caller's such as `risk-run`).
 */
export function privateKeyFromSetting(setting: string, holder = 'gateway'): KeyObject {
  return setting === DEVELOPMENT_KEY
    ? derivedIdentityKey(DEVELOPMENT_IDENTITY_PASSPHRASE, holder)
    : parseIdentityPrivateKey(setting);
}

/** The key of `holder` (the gateway, or a machine caller) derived from a development passphrase. */
export function derivedIdentityKey(passphrase: string, holder = 'gateway'): KeyObject {
  return developmentIdentityKey(`${passphrase}:${holder}`);
}

/** Public key(s) setting: PEM(s), or `development` for the development key pair's public half. */
export function publicKeysFromSetting(setting: string, holder = 'gateway'): KeyObject[] {
  return setting === DEVELOPMENT_KEY
    ? [createPublicKey(privateKeyFromSetting(setting, holder))]
    : parseIdentityPublicKeys(setting);
}

/** PEM of a key's public half: what the subgraphs are given. */
export function publicKeyPem(key: KeyObject): string {
  return (key.type === 'private' ? createPublicKey(key) : key)
    .export({ format: 'pem', type: 'spki' })
    .toString();
}
