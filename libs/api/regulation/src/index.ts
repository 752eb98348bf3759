export * from './lib/regulation.module';
export * from './lib/search/regulator-slot-search.service';
export * from './lib/bookings/sas-bookings.service';
