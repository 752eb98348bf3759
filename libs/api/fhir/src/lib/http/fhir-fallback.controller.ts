import { All, Controller } from '@nestjs/common';
import { NotFound } from '@passerelle/api/platform';
import { FhirEndpoint } from './fhir-endpoint';

/** Anything else under /fhir: 404 as an OperationOutcome (registered after the real routes). */
@FhirEndpoint()
@Controller('fhir')
export class FhirFallbackController {
  @All('*path')
  unknown(): never {
    throw new NotFound('Ressource ou interaction FHIR non prise en charge par ce serveur.');
  }
}
