import { Injectable, Logger } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { MailMessage, MailTransport } from './mail-message';
import { OutboxRepository } from './outbox.repository';

const normalised = (m: MailMessage): MailMessage => ({ ...m, to: m.to.trim().toLowerCase() });

/** Default: keeps every e-mail in the OutboxEmail table, which an admin reads (GET /api/admin/outbox). */
@Injectable()
export class OutboxMailTransport extends MailTransport {
  constructor(private readonly outbox: OutboxRepository) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    await this.outbox.add(normalised(message));
  }
}

/** SMTP_URL configured: nodemailer sends, nothing is stored (the text may hold a one-time link). */
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
}
