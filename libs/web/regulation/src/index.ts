export * from './lib/regulation.routes';
export * from './lib/practice/sas-appointment-details';
