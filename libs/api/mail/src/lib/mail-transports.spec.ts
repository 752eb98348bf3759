import { createServer, Server, Socket } from 'node:net';
import { SmtpMailTransport } from './mail-transports';

/** Just enough SMTP to receive one message (what nodemailer sends on the wire). */
function smtpServer(received: { from: string; to: string[]; data: string }[]): Server {
  return createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [] as string[], data: '' };
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(current);
            current = { from: '', to: [], data: '' };
            socket.write('250 OK queued\r\n');
          } else current.data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-test\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') {
          current.from = line;
          socket.write('250 OK\r\n');
        } else if (verb === 'RCPT') {
          current.to.push(line);
          socket.write('250 OK\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
}

describe('SMTP mail transport', () => {
  const received: { from: string; to: string[]; data: string }[] = [];
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = smtpServer(received);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends through the configured SMTP server, from MAIL_FROM, to the normalised address', async () => {
    const transport = new SmtpMailTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true`, 'Passerelle <ne-pas-repondre@passerelle.test>');
    await transport.send({ to: ' Nadia.Lemaire@Regulation.TEST ', subject: 'Votre compte régulateur Passerelle', text: 'Bonjour,\nvoici votre lien.' });
    expect(received).toHaveLength(1);
    expect(received[0].from).toContain('<ne-pas-repondre@passerelle.test>');
    expect(received[0].to).toEqual(['RCPT TO:<nadia.lemaire@regulation.test>']);
    expect(received[0].data).toMatch(/^Subject: =\?UTF-8\?Q\?Votre_compte_r=C3=A9gulateur_Passerelle\?=$/m);
    expect(received[0].data).toContain('voici votre lien.');
  });

  it('fails loudly when the server is unreachable (the caller decides)', async () => {
    const transport = new SmtpMailTransport('smtp://127.0.0.1:1?ignoreTLS=true&connectionTimeout=2000', 'a@b.fr');
    await expect(transport.send({ to: 'x@y.fr', subject: 's', text: 't' })).rejects.toThrow();
  });
});
