import { Global, Module } from '@nestjs/common';
import { AuthModule } from '@passerelle/api/auth';
import { OperationsModule } from '@passerelle/api/platform';
import { MailDispatcher } from './mail-dispatcher';
import { MailTransport } from './mail-message';
import { OutboxMailTransport } from './mail-transports';
import { OutboxController } from './outbox.controller';
import { OutboxRepository } from './outbox.repository';

/** The one MailTransport of the app (global): the outbox table, sent by SMTP when SMTP_URL is set, else read by an admin. */
@Global()
@Module({
  imports: [AuthModule, OperationsModule],
  controllers: [OutboxController],
  providers: [OutboxRepository, MailDispatcher, { provide: MailTransport, useClass: OutboxMailTransport }],
  exports: [MailTransport],
})
export class MailModule {}
