import { Injectable, Logger } from '@nestjs/common';

/**
 * Port: tell an offline recipient that a message is waiting — never its
 * content, its sender's name or the thread's purpose; only "a message awaits
 * you on Passerelle" and a link. The e-mail adapter belongs to the mail
 * library (libs/api/mail, being built on branch sas-fhir); until it is on
 * main, the default adapter below only counts what it would have sent.
 */
export interface MessageWaitingNotifier {
  messageWaiting(accountId: string): Promise<void>;
}

export const MESSAGE_WAITING_NOTIFIER = Symbol('MESSAGE_WAITING_NOTIFIER');

@Injectable()
export class NotWiredMessageWaitingNotifier implements MessageWaitingNotifier {
  private readonly logger = new Logger('MessageWaitingNotifier');
  /** For tests and metrics: how many notifications were due. */
  due = 0;

  async messageWaiting(): Promise<void> {
    this.due++;
    // No account id, no content: logs carry no personal data.
    this.logger.debug('message-waiting notification due (mail adapter not wired yet)');
  }
}
