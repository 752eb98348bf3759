import { Module } from '@nestjs/common';
import { AppConfig } from '@passerelle/api/config';
import { AccountRepository } from './accounts/account.repository';
import { PasswordHasher } from './passwords/password-hasher';
import { PeopleRepository } from './people/people.repository';
import { SecretBox } from './secrets/secret-box';
import { DemoDataSeeder } from './demo/demo-data';

@Module({
  providers: [
    AccountRepository,
    PeopleRepository,
    PasswordHasher,
    DemoDataSeeder,
    { provide: SecretBox, inject: [AppConfig], useFactory: (config: AppConfig) => new SecretBox(config.secretKey()) },
  ],
  exports: [AccountRepository, PeopleRepository, PasswordHasher, SecretBox, DemoDataSeeder],
})
export class IdentityModule {}
