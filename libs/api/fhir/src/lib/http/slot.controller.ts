import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FHIR_JSON } from '../fhir-vocabulary';
import { SlotAggregation } from '../slots/slot-aggregation.service';
import { capabilityStatement } from './capability-statement';
import { FhirEndpoint } from './fhir-endpoint';
import { sendFhirJson } from './fhir-json-response';

const SOFTWARE = { name: 'Passerelle', version: '1.0.0' };

/** INT_R01 and the CapabilityStatement, for the national SAS platform only (mutual TLS, see the guard). */
@FhirEndpoint()
@Controller('fhir')
export class SlotController {
  constructor(private readonly aggregation: SlotAggregation) {}

  @Get('metadata')
  @Header('Content-Type', `${FHIR_JSON}; charset=utf-8`)
  metadata(): string {
    return JSON.stringify(capabilityStatement(this.aggregation.base, SOFTWARE, new Date()));
  }

  /** The Bundle may be large: sent compressed when the platform accepts it (sendFhirJson). */
  @Get('Slot')
  async search(@Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const selfUrl = `${this.aggregation.base}${request.originalUrl.replace(/^\/fhir/, '')}`;
    await sendFhirJson(request, response, await this.aggregation.search(query, selfUrl));
  }
}
