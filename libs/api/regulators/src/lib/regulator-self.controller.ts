import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequestAuth, Roles } from '@passerelle/api/auth';
import { REGULATOR_PROFESSION, RegulatorSelfView } from '@passerelle/shared/contracts';
import { RegulatorRepository } from './regulator.repository';

@ApiTags('sas')
@Roles('REGULATOR')
@Controller('api/regulators/me')
export class RegulatorSelfController {
  constructor(private readonly regulators: RegulatorRepository) {}

  /** The signed-in regulator (only in a session opened from the SAS platform, like every regulator function). */
  @Get()
  async me(@CurrentAuth() auth: RequestAuth): Promise<RegulatorSelfView> {
    const identities = await this.regulators.activeOfAccount(auth.account.id);
    return { displayName: auth.account.displayName, email: auth.account.email, profession: REGULATOR_PROFESSION, identifiers: identities.flatMap((r) => (r.identifier ? [r.identifier] : [])) };
  }
}
