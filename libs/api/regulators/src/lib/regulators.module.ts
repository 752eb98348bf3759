import { Module } from '@nestjs/common';
import { AuthModule } from '@passerelle/api/auth';
import { IdentityModule } from '@passerelle/api/identity';
import { AdminRegulatorsController } from './admin-regulators.controller';
import { Invitations } from './invitations.service';
import { InvitationsController } from './invitations.controller';
import { RegulatorAccounts } from './regulator-accounts.service';
import { RegulatorRepository } from './regulator.repository';

/** SAS regulator accounts (created by an admin or by the SAS platform), their one-time links. */
@Module({
  imports: [IdentityModule, AuthModule],
  controllers: [AdminRegulatorsController, InvitationsController],
  providers: [RegulatorRepository, RegulatorAccounts, Invitations],
  exports: [RegulatorAccounts, RegulatorRepository],
})
export class RegulatorsModule {}
