-- DropIndex
DROP INDEX "OpeningRange_practitionerId_idx";

-- CreateIndex
CREATE INDEX "OpeningRange_practitionerId_weekday_startMinute_endMinute_p_idx" ON "OpeningRange"("practitionerId", "weekday", "startMinute", "endMinute", "placeId", "consultationTypes");

