import { Body, Controller, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Actor } from '@passerelle/api/audit';
import { CurrentActor } from '@passerelle/api/auth';
import { AppConfig } from '@passerelle/api/config';
import { RegulatorAccounts, RegulatorRecord } from '@passerelle/api/regulators';
import { FHIR_JSON } from '../fhir-vocabulary';
import { parseIdentifierCondition, regulatorInputOf, regulatorResource } from '../regulators/regulator-resource';
import { FhirEndpoint } from './fhir-endpoint';

/** INT_R02: the SAS platform creates, updates and deactivates regulator accounts. */
@FhirEndpoint()
@Controller('fhir/Practitioner')
export class RegulatorController {
  constructor(
    private readonly regulators: RegulatorAccounts,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<string> {
    const regulator = await this.regulators.create(regulatorInputOf(body), actor);
    return this.answer(res, regulator);
  }

  /** Conditional update `?identifier=system|value`; no match creates (201). The body is checked before the lookup. */
  @Put()
  async update(@Query('identifier') identifier: unknown, @Body() body: unknown, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<string> {
    const input = regulatorInputOf(body);
    const { regulator, created } = await this.regulators.upsertByIdentifier(parseIdentifierCondition(identifier), input, actor);
    res.status(created ? 201 : 200);
    return this.answer(res, regulator);
  }

  private answer(res: Response, regulator: RegulatorRecord): string {
    res.setHeader('Location', `${this.config.publicUrl}/fhir/Practitioner/${regulator.id}`);
    res.setHeader('Content-Type', `${FHIR_JSON}; charset=utf-8`);
    return JSON.stringify(regulatorResource(regulator));
  }
}
