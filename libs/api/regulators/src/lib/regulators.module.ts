import { Module } from '@nestjs/common';
import { AuthModule } from '@passerelle/api/auth';
import { IdentityModule } from '@passerelle/api/identity';
import { AdminRegulatorsController } from './admin-regulators.controller';
import { Invitations } from './invitations.service';
import { InvitationsController } from './invitations.controller';
import { RegulatorAccounts } from './regulator-accounts.service';
import { RegulatorRepository } from './regulator.repository';
import { PscLogin } from './sso/psc-login';
import { SasEntryController } from './sso/sas-entry.controller';
import { RegulatorSelfController } from './regulator-self.controller';

/** SAS regulator accounts (created by an admin or by the SAS platform), their one-time links. */
@Module({
  imports: [IdentityModule, AuthModule],
  controllers: [AdminRegulatorsController, InvitationsController, SasEntryController, RegulatorSelfController],
  providers: [RegulatorRepository, RegulatorAccounts, Invitations, PscLogin],
  exports: [RegulatorAccounts, RegulatorRepository],
})
export class RegulatorsModule {}
