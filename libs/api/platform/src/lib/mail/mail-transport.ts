/**
 * An e-mail, whatever carries it. Never put health data in one (the subject
 * and text say that something is waiting, the reader signs in to see it).
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * What sends e-mails: SMTP when configured, the embedded outbox otherwise.
 * The port is here so that any module (auth's password-reset links too) can
 * send without depending on libs/api/mail, whose global module provides it.
 */
export abstract class MailTransport {
  abstract send(message: MailMessage): Promise<void>;
}
