import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@passerelle/api/config';
import { AccountRepository } from '@passerelle/api/identity';
import { MailTransport } from '@passerelle/api/mail';
import { MessageWaitingNotifier } from './message-waiting-notifier';

/** The only words the e-mail carries: no content, no health data, no sender, no specialty. */
export const MESSAGE_WAITING_SUBJECT = 'Un message vous attend sur Passerelle';

const text = (link: string): string =>
  [
    'Bonjour,',
    '',
    'Un nouveau message vous attend sur Passerelle.',
    `Connectez-vous pour le lire : ${link}`,
    '',
    'Pour protéger votre vie privée, ce courriel ne contient aucune information sur le message.',
    'En cas d’urgence, appelez le 15 ou le 112 (114 par SMS ou visio pour les personnes sourdes ou malentendantes).',
  ].join('\n');

/**
 * Adapter of the notifier port on the app's MailTransport: an offline
 * recipient is told that a message is waiting, and signs in to read it.
 */
@Injectable()
export class MailMessageWaitingNotifier implements MessageWaitingNotifier {
  private readonly logger = new Logger('MessageWaitingNotifier');

  constructor(
    private readonly accounts: AccountRepository,
    private readonly mail: MailTransport,
    private readonly config: AppConfig,
  ) {}

  async messageWaiting(accountId: string): Promise<void> {
    const account = await this.accounts.findById(accountId);
    if (!account || account.status !== 'ACTIVE') return;
    try {
      await this.mail.send({ to: account.email, subject: MESSAGE_WAITING_SUBJECT, text: text(`${this.config.publicUrl}/connexion`) });
    } catch {
      // A failed e-mail must not fail the message that was sent; no address in the logs.
      this.logger.warn('message-waiting e-mail could not be sent');
    }
  }
}
