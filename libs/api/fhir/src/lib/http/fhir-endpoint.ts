import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CertificateClient, Public } from '@passerelle/api/platform';
import { FhirErrorFilter } from './fhir-error.filter';
import { PlatformCertificateGuard } from './platform-certificate.guard';

/**
 * A controller of the SAS platform's FHIR interface: no user session or CSRF
 * (the platform's client certificate, checked by the guard, stands for
 * them), errors as OperationOutcome, not in the app's OpenAPI document.
 */
export const FhirEndpoint = () => applyDecorators(ApiExcludeController(), Public(), CertificateClient(), UseGuards(PlatformCertificateGuard), UseFilters(FhirErrorFilter));
