import { FakeSmtpServer } from '../testing/fake-smtp-server';
import { SmtpMailTransport } from './mail-transports';

describe('SMTP mail transport', () => {
  const smtp = new FakeSmtpServer();
  let port: number;

  beforeAll(async () => {
    port = await smtp.listen();
  });
  afterAll(() => smtp.close());

  it('sends through the configured SMTP server, from MAIL_FROM, to the normalised address', async () => {
    const transport = new SmtpMailTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true`, 'Passerelle <ne-pas-repondre@passerelle.test>');
    await transport.send({ to: ' Nadia.Lemaire@Regulation.TEST ', subject: 'Votre compte régulateur Passerelle', text: 'Bonjour,\nvoici votre lien.' });
    transport.close();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].from).toContain('<ne-pas-repondre@passerelle.test>');
    expect(smtp.received[0].to).toEqual(['RCPT TO:<nadia.lemaire@regulation.test>']);
    expect(smtp.received[0].data).toMatch(/^Subject: =\?UTF-8\?Q\?Votre_compte_r=C3=A9gulateur_Passerelle\?=$/m);
    expect(smtp.received[0].data).toContain('voici votre lien.');
  });

  it('fails loudly when the server is unreachable (the caller decides)', async () => {
    const transport = new SmtpMailTransport('smtp://127.0.0.1:1?ignoreTLS=true&connectionTimeout=2000', 'a@b.fr');
    await expect(transport.send({ to: 'x@y.fr', subject: 's', text: 't' })).rejects.toThrow();
  });
});
