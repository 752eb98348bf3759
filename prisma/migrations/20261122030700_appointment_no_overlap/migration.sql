-- Hand-written: two live appointments of one practitioner can never overlap.
-- The database is the judge (no check-then-insert in code): concurrent
-- bookings of one slot get exactly one success; the losers see SQLSTATE 23P01
-- (exclusion violation) or, under contention, 40P01 (deadlock), both mapped
-- to "slot taken" by the agenda. Requires the btree_gist extension (shipped
-- with PostgreSQL's contrib, and loaded into the embedded PGlite).
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "Appointment"
  ADD CONSTRAINT "Appointment_no_overlap"
  EXCLUDE USING gist ("practitionerId" WITH =, tstzrange("startsAt", "endsAt") WITH &&)
  WHERE (status <> 'CANCELLED');

ALTER TABLE "Appointment"
  ADD CONSTRAINT "Appointment_ends_after_start" CHECK ("endsAt" > "startsAt");

ALTER TABLE "AgendaBlock"
  ADD CONSTRAINT "AgendaBlock_ends_after_start" CHECK ("endsAt" > "startsAt");

ALTER TABLE "OpeningRange"
  ADD CONSTRAINT "OpeningRange_valid" CHECK (weekday BETWEEN 1 AND 7 AND "startMinute" >= 0 AND "endMinute" <= 1440 AND "endMinute" > "startMinute");

ALTER TABLE "MotifRange"
  ADD CONSTRAINT "MotifRange_valid" CHECK (weekday BETWEEN 1 AND 7 AND "startMinute" >= 0 AND "endMinute" <= 1440 AND "endMinute" > "startMinute");
