-- CreateEnum
CREATE TYPE "RegulatorSource" AS ENUM ('SAS_PLATFORM', 'ADMIN');

-- CreateEnum
CREATE TYPE "SasNotificationStatus" AS ENUM ('PENDING', 'SENT');

-- CreateTable
CREATE TABLE "OutboxEmail" (
    "id" UUID NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Regulator" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "identifierSystem" TEXT,
    "identifierValue" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "familyName" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "source" "RegulatorSource" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Regulator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountInvitation" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SasAppointmentNotification" (
    "id" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "status" "SasNotificationStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SasAppointmentNotification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OutboxEmail_createdAt_idx" ON "OutboxEmail"("createdAt");

-- CreateIndex
CREATE INDEX "Regulator_identifierSystem_identifierValue_idx" ON "Regulator"("identifierSystem", "identifierValue");

-- CreateIndex
CREATE INDEX "Regulator_accountId_idx" ON "Regulator"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "AccountInvitation_tokenHash_key" ON "AccountInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "AccountInvitation_accountId_idx" ON "AccountInvitation"("accountId");

-- CreateIndex
CREATE INDEX "SasAppointmentNotification_status_nextAttemptAt_idx" ON "SasAppointmentNotification"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "SasAppointmentNotification_appointmentId_idx" ON "SasAppointmentNotification"("appointmentId");

-- AddForeignKey
ALTER TABLE "Regulator" ADD CONSTRAINT "Regulator_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountInvitation" ADD CONSTRAINT "AccountInvitation_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: at most one ACTIVE regulator per identifier (system, value).
-- A deactivated identifier becomes reusable (the SAS platform's
-- re-attribution). Concurrent creations get SQLSTATE 23P01, mapped to 409.
ALTER TABLE "Regulator"
  ADD CONSTRAINT "Regulator_active_identifier"
  EXCLUDE USING btree ("identifierSystem" WITH =, "identifierValue" WITH =)
  WHERE (active AND "identifierSystem" IS NOT NULL AND "identifierValue" IS NOT NULL);

-- Hand-written: the INT_R03 outbox is written by the database itself, in the
-- same transaction as the change of an appointment booked by a regulator
-- (channel REGULATOR): a booking, a move, a cancellation, done or no-show can
-- never be committed without its notification, whichever code path made it.
CREATE FUNCTION sas_appointment_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.channel = 'REGULATOR' AND (
       TG_OP = 'INSERT'
       OR NEW.status IS DISTINCT FROM OLD.status
       OR NEW."startsAt" IS DISTINCT FROM OLD."startsAt"
       OR NEW."endsAt" IS DISTINCT FROM OLD."endsAt") THEN
    INSERT INTO "SasAppointmentNotification" (id, "appointmentId") VALUES (gen_random_uuid(), NEW.id);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Appointment_sas_notification"
  AFTER INSERT OR UPDATE ON "Appointment"
  FOR EACH ROW EXECUTE FUNCTION sas_appointment_notify();
