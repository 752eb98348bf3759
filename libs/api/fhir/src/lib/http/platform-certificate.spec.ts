import { checkPlatformCertificate, parseSubjectDn } from './platform-certificate';

const expected = { cn: 'plateforme.sas.fr', ou: 'SAS' };

describe('platform client certificate (behind the TLS terminator)', () => {
  it('parses RFC 2253 and slash-form subjects, with escapes and repeated attributes', () => {
    const dn = parseSubjectDn('CN=plateforme.sas.fr,OU=SAS,OU=Autre,O=Agence du Num\\, Santé,C=FR');
    expect(dn.get('CN')).toEqual(['plateforme.sas.fr']);
    expect(dn.get('OU')).toEqual(['SAS', 'Autre']);
    expect(dn.get('O')).toEqual(['Agence du Num, Santé']);
    expect(parseSubjectDn('/C=FR/O=ANS/OU=SAS/CN=plateforme.sas.fr').get('CN')).toEqual(['plateforme.sas.fr']);
  });

  it('passes only a verified certificate with the configured CN and OU', () => {
    expect(checkPlatformCertificate('SUCCESS', 'CN=plateforme.sas.fr,OU=SAS,C=FR', expected)).toEqual({ ok: true });
    expect(checkPlatformCertificate(undefined, undefined, expected)).toMatchObject({ ok: false, status: 401 });
    expect(checkPlatformCertificate('NONE', undefined, expected)).toMatchObject({ ok: false, status: 401 });
    expect(checkPlatformCertificate('FAILED:certificate revoked', 'CN=plateforme.sas.fr,OU=SAS', expected)).toMatchObject({ status: 403, reason: 'not-verified' });
    expect(checkPlatformCertificate('SUCCESS', 'CN=plateforme.sas.fr.evil,OU=SAS', expected)).toMatchObject({ status: 403, reason: 'wrong-cn' });
    expect(checkPlatformCertificate('SUCCESS', 'CN=x,OU=SAS,CN=plateforme.sas.fr', expected)).toEqual({ ok: true });
    expect(checkPlatformCertificate('SUCCESS', 'CN=plateforme.sas.fr,OU=SASX', expected)).toMatchObject({ status: 403, reason: 'wrong-ou' });
    expect(checkPlatformCertificate('SUCCESS', 'CN=plateforme.sas.fr,OU=SAS', { cn: undefined, ou: 'SAS' })).toMatchObject({ status: 403, reason: 'not-configured' });
  });
});
