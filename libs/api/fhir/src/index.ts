export * from './lib/fhir.module';
export * from './lib/fhir-vocabulary';
export { operationOutcomeOf } from './lib/http/operation-outcome';
