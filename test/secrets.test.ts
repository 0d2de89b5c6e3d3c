import { describe, expect, it } from 'vitest';
import { PrintscanError } from '../src/errors.js';
import { errorText, rememberCredentials, rememberSecrets, scrub } from '../src/secrets.js';
import type { Credential } from '../src/targets/scan-range.js';
import { UploadError } from '../src/upload/uploader.js';

rememberSecrets(['tok-3f9a7c21', 'abc', undefined]);
rememberCredentials(<Credential[]>[
  { version: '2c', community: 'site-comm-55' },
  { version: '3', user: 'ops', authProtocol: 'sha', authKey: 'auth-key-77', privProtocol: 'des', privKey: 'priv-key-77-longer' },
  { version: '1', community: 'public' },
]);

describe('scrub', () => {
  it.each([
    ["Community 'site-comm-55' in request does not match community 'device-own-1' in response", "Community '***' in request does not match community '***' in response"],
    ['community "device-own-2" refused', 'community "***" refused'],
    ['POST failed: token tok-3f9a7c21 is not known', 'POST failed: token *** is not known'],
    ['authorization: Bearer eyJhbGciOi.payload.sig was refused', 'authorization: Bearer *** was refused'],
    ['{"authKey":"k-never-given","privKey":"p-never-given"}', '{"authKey":"***","privKey":"***"}'],
    ['password=hunter22 token: zz9x', 'password=*** token: ***'],
    // prose about tokens is no token
    ['GET /v1/config answered 401: a valid bearer token is required', 'GET /v1/config answered 401: a valid bearer token is required'],
    ['Bearer realm="printscan"', 'Bearer realm="printscan"'],
    // a path ending in a file called token is no token
    ['cannot read --token-file "/etc/printscan/token": ENOENT', 'cannot read --token-file "/etc/printscan/token": ENOENT'],
    ['cannot read --token-file "C:\\printscan\\token": EACCES', 'cannot read --token-file "C:\\printscan\\token": EACCES'],
    ['keys auth-key-77 and priv-key-77-longer', 'keys *** and ***'],
    ['site-comm-55site-comm-55', '******'],
    // the factory default and very short values are no secrets, and taking them out would mangle words
    ['the public key abc', 'the public key abc'],
    ['no secret here: 192.0.2.1 timeout', 'no secret here: 192.0.2.1 timeout'],
  ])('%j → %j', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it('a secret that contains another is replaced whole', () => {
    rememberSecrets(['nested', 'nested-and-longer']);
    expect(scrub('x nested-and-longer y nested')).toBe('x *** y ***');
  });

  it('errors built by the program carry scrubbed messages, whatever they wrap', () => {
    expect(new PrintscanError('error', "got Community 'site-comm-55'").message).toBe("got Community '***'");
    expect(new UploadError('server said tok-3f9a7c21', { retryable: false }).message).toBe('server said ***');
    expect(errorText(new Error('priv-key-77-longer'))).toBe('***');
    expect(errorText('auth-key-77 as a string')).toBe('*** as a string');
  });
});
