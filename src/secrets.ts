/**
 * Secrets (communities, SNMPv3 keys, tokens) never reach output, problems, state files or
 * reports. Libraries quote them in error text (net-snmp names both communities when a device
 * answers with another one), so error text passes through `scrub` where it becomes ours: the
 * error classes and the problem and record builders. Each secret is remembered here where it
 * enters the program; the shapes in which libraries quote secrets are cleaned as well, which
 * also covers a secret we were never given (the other community a device answered with).
 */
export const REDACTED = '***';

/**
 * The factory default community is printed in every manual and is no secret; taking it out of
 * text would only mangle ordinary words ("public key"). Shorter values would do the same.
 */
const NOT_SECRET = new Set(['public']);
const MIN_SECRET_LENGTH = 4;

const known = new Set<string>();
/** Longest first, so a secret that contains another is replaced whole. */
let ordered: string[] = [];

export function rememberSecrets(values: Iterable<string | undefined>): void {
  let added = false;
  for (const v of values) {
    if (v === undefined || v.length < MIN_SECRET_LENGTH || NOT_SECRET.has(v) || known.has(v)) continue;
    known.add(v);
    added = true;
  }
  if (added) ordered = [...known].sort((a, b) => b.length - a.length);
}

/** The secret parts of an SNMP credential (snmp/types' Credential, by shape: this module sits below every folder). */
interface CredentialSecrets {
  community?: string;
  authKey?: string;
  privKey?: string;
}

export function secretsOf(c: CredentialSecrets): (string | undefined)[] {
  return [c.community, c.authKey, c.privKey];
}

export function rememberCredentials(credentials: Iterable<CredentialSecrets>): void {
  for (const c of credentials) rememberSecrets(secretsOf(c));
}

/** How libraries quote secrets in their messages. */
const QUOTED: [RegExp, string][] = [
  // net-snmp: "Community 'a' in request does not match community 'b' in response"
  [/\b(community\s+)'[^']*'/gi, `$1'${REDACTED}'`],
  [/\b(community\s+)"[^"]*"/gi, `$1"${REDACTED}"`],
  // An HTTP credential, not prose: "Bearer" as the header writes it, then something token-like.
  [/\b(Bearer\s+)[\w.~+/=-]{8,}/g, `$1${REDACTED}`],
  // A file named token (`cannot read --token-file "/etc/x/token": ENOENT`) is a path, not a key.
  [/(?<![/\\])\b((?:auth|priv)Key|token|password)(["']?\s*[:=]\s*["']?)[^\s"',;}]{4,}/gi, `$1$2${REDACTED}`],
];

/** `text` with every remembered secret and every quoted one replaced by ***. */
export function scrub(text: string): string {
  let out = text;
  for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of QUOTED) out = out.replace(pattern, replacement);
  return out;
}

/** The message of anything thrown, scrubbed: how error text from libraries enters a problem or record. */
export function errorText(err: unknown): string {
  return scrub((err as Error)?.message ?? String(err));
}
