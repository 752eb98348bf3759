import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { AuthModule } from '@passerelle/api/auth';
import { AppConfig } from '@passerelle/api/config';
import { IdentityModule } from '@passerelle/api/identity';
import { Attachments } from './attachments/attachments.service';
import { FILE_STORE, LocalFileStore } from './attachments/file-store';
import { MessagingController } from './http/messaging.controller';
import { MessagingKeysController } from './http/messaging-keys.controller';
import { AccountKeyPasswordBinding } from './keys/account-key-password-binding';
import { KeyRepository } from './keys/key.repository';
import { MessagingDemoKeys } from './keys/messaging-demo-keys';
import { MessagingKeys } from './keys/messaging-keys.service';
import { PracticeKeys } from './keys/practice-keys';
import { MailMessageWaitingNotifier } from './notifications/mail-message-waiting-notifier';
import { MESSAGE_WAITING_NOTIFIER } from './notifications/message-waiting-notifier';
import { MessagingGateway } from './realtime/messaging.gateway';
import { RealtimePublisher } from './realtime/realtime-publisher';
import { MessagingEligibility } from './threads/eligibility.service';
import { Messaging } from './threads/messaging.service';
import { ThreadRepository } from './threads/thread.repository';
import { MailModule } from '@passerelle/api/mail';
import { OperationsModule } from '@passerelle/api/platform';

/**
 * End-to-end encrypted messaging: keys, threads, messages, attachments and
 * the socket.io gateway. Exports RealtimePublisher for other modules' live
 * updates, PracticeKeys for contexts that encrypt to a practice (SAS
 * attachments), the demo keys, and the notifier port (wired to the
 * app's MailTransport: offline recipients get a content-free e-mail).
 */
@Module({
  imports: [IdentityModule, AuthModule, MailModule, OperationsModule],
  controllers: [MessagingKeysController, MessagingController],
  providers: [
    KeyRepository,
    ThreadRepository,
    MessagingKeys,
    PracticeKeys,
    MessagingDemoKeys,
    AccountKeyPasswordBinding,
    MessagingEligibility,
    Messaging,
    Attachments,
    RealtimePublisher,
    MessagingGateway,
    { provide: MESSAGE_WAITING_NOTIFIER, useClass: MailMessageWaitingNotifier },
    { provide: FILE_STORE, inject: [AppConfig], useFactory: (config: AppConfig) => new LocalFileStore(config.fileDirectory('messaging', join('files', 'messaging'))) },
  ],
  exports: [RealtimePublisher, MESSAGE_WAITING_NOTIFIER, PracticeKeys, MessagingDemoKeys],
})
export class MessagingModule {}
