/**
 * Attributes of an X.509 subject DN as a TLS terminator passes it: RFC 2253
 * (`CN=x,OU=y,O=z`, nginx `$ssl_client_s_dn`, with `\,` escapes) or the
 * legacy slash form (`/C=FR/O=z/OU=y/CN=x`). Attribute names upper-cased;
 * an attribute may repeat (several OU).
 */
export function parseSubjectDn(dn: string): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  const text = dn.trim();
  const parts = text.startsWith('/') ? text.slice(1).split('/') : text.split(/(?<!\\),|(?<!\\)\+/);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim().replace(/\\(.)/g, '$1');
    attributes.set(name, [...(attributes.get(name) ?? []), value]);
  }
  return attributes;
}

export type CertificateCheck = { ok: true } | { ok: false; status: 401 | 403; reason: 'not-configured' | 'no-certificate' | 'not-verified' | 'wrong-cn' | 'wrong-ou' };

/**
 * Decides on the client certificate the TLS terminator verified (chain to
 * IGC-Santé and revocation) and passed in two headers: the verification
 * result must be SUCCESS, and the subject's CN and OU must be the ones
 * configured for the national platform. Nothing configured: nobody passes.
 */
export function checkPlatformCertificate(
  verify: string | undefined,
  subjectDn: string | undefined,
  expected: { cn: string | undefined; ou: string | undefined },
): CertificateCheck {
  if (!expected.cn || !expected.ou) return { ok: false, status: 403, reason: 'not-configured' };
  if (!subjectDn || !verify || verify === 'NONE') return { ok: false, status: 401, reason: 'no-certificate' };
  if (verify !== 'SUCCESS') return { ok: false, status: 403, reason: 'not-verified' };
  const subject = parseSubjectDn(subjectDn);
  if (!(subject.get('CN') ?? []).includes(expected.cn)) return { ok: false, status: 403, reason: 'wrong-cn' };
  if (!(subject.get('OU') ?? []).includes(expected.ou)) return { ok: false, status: 403, reason: 'wrong-ou' };
  return { ok: true };
}
