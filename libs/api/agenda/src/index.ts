export * from './lib/agenda.module';
export * from './lib/calendar/french-public-holidays';
export * from './lib/slots/slot-engine';
export * from './lib/slots/paris-time';
export * from './lib/agenda/slot-finder';
export * from './lib/agenda/agenda-views.service';
export * from './lib/appointments/appointment-booking.service';
export * from './lib/agenda/agenda-demo-data';
