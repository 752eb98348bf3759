export * from './lib/api-agenda.module';
export * from './lib/calendar/french-public-holidays';
