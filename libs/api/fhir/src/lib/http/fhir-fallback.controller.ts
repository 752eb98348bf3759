import { All, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CertificateClient, NotFound, Public } from '@passerelle/api/platform';
import { FhirErrorFilter } from './fhir-error.filter';
import { PlatformCertificateGuard } from './platform-certificate.guard';

/** Anything else under /fhir: 404 as an OperationOutcome (registered after the real routes). */
@ApiExcludeController()
@Public()
@CertificateClient()
@UseGuards(PlatformCertificateGuard)
@UseFilters(FhirErrorFilter)
@Controller('fhir')
export class FhirFallbackController {
  @All('*path')
  unknown(): never {
    throw new NotFound('Ressource ou interaction FHIR non prise en charge par ce serveur.');
  }
}
