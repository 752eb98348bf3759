import { Global, Module } from '@nestjs/common';
import { AuthModule } from '@passerelle/api/auth';
import { AppConfig } from '@passerelle/api/config';
import { MailTransport } from './mail-message';
import { OutboxMailTransport, SmtpMailTransport } from './mail-transports';
import { OutboxController } from './outbox.controller';
import { OutboxRepository } from './outbox.repository';

/** The one MailTransport of the app (global): SMTP when SMTP_URL is set, else the embedded outbox. */
@Global()
@Module({
  imports: [AuthModule],
  controllers: [OutboxController],
  providers: [
    OutboxRepository,
    OutboxMailTransport,
    {
      provide: MailTransport,
      inject: [AppConfig, OutboxMailTransport],
      useFactory: (config: AppConfig, outbox: OutboxMailTransport): MailTransport => (config.mail.smtpUrl ? new SmtpMailTransport(config.mail.smtpUrl, config.mail.from) : outbox),
    },
  ],
  exports: [MailTransport],
})
export class MailModule {}
