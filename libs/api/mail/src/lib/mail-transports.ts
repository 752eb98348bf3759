import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@passerelle/api/config';
import { createTransport, Transporter } from 'nodemailer';
import { MailMessage, MailTransport } from './mail-message';
import { OutboxRepository } from './outbox.repository';

const normalised = (m: MailMessage): MailMessage => ({ ...m, to: m.to.trim().toLowerCase() });

/**
 * The app's MailTransport: every e-mail is first written to the OutboxEmail
 * table, in the caller's request. Without SMTP_URL it stays there (KEPT) and
 * an admin reads it (GET /api/admin/outbox); with SMTP_URL it is PENDING
 * and the MailDispatcher of one instance sends it — so an SMTP server that
 * is down delays e-mails instead of losing them.
 */
@Injectable()
export class OutboxMailTransport extends MailTransport {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    await this.outbox.add(normalised(message), this.config.mail.smtpUrl ? 'PENDING' : 'KEPT');
  }
}

/** Sends one e-mail by SMTP (nodemailer); used by the MailDispatcher. */
export class SmtpMailTransport extends MailTransport {
  private readonly logger = new Logger('SmtpMail');
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    super();
    this.transporter = createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<void> {
    const m = normalised(message);
    const info = await this.transporter.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) });
    // The message id only: no address, no content in the logs.
    this.logger.log({ messageId: info.messageId }, 'e-mail sent');
  }

  close(): void {
    this.transporter.close();
  }
}
