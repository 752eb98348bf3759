-- CreateEnum
CREATE TYPE "ConsultationType" AS ENUM ('CABINET', 'VIDEO', 'HOME');

-- CreateEnum
CREATE TYPE "MotifEntryMode" AS ENUM ('FREE', 'LIST');

-- CreateEnum
CREATE TYPE "OnlineBookingMode" AS ENUM ('OPEN', 'ALLOW_LIST');

-- CreateEnum
CREATE TYPE "BlockKind" AS ENUM ('HOLIDAY', 'PUBLIC_HOLIDAY', 'ABSENCE', 'BLOCKED');

-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('BOOKED', 'DONE', 'NO_SHOW', 'CANCELLED');

-- CreateEnum
CREATE TYPE "BookingChannel" AS ENUM ('PATIENT_ONLINE', 'PRACTICE', 'REGULATOR');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('PAID', 'UNPAID');

-- DropIndex
DROP INDEX "Practitioner_specialtyCode_departement_idx";

-- AlterTable
ALTER TABLE "Practitioner" ADD COLUMN     "extraIdentityFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "horizonDays" INTEGER NOT NULL DEFAULT 90,
ADD COLUMN     "motifEntryMode" "MotifEntryMode" NOT NULL DEFAULT 'LIST',
ADD COLUMN     "nextFreeSlotAt" TIMESTAMPTZ(3),
ADD COLUMN     "onlineBookingMode" "OnlineBookingMode" NOT NULL DEFAULT 'OPEN',
ADD COLUMN     "patientCancelCutoffHours" INTEGER NOT NULL DEFAULT 24,
ADD COLUMN     "slotMinutes" INTEGER NOT NULL DEFAULT 15;

-- CreateTable
CREATE TABLE "ConsultationPlace" (
    "id" UUID NOT NULL,
    "practitionerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "addressLine" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "commune" TEXT NOT NULL,
    "communeInsee" TEXT,
    "departement" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsultationPlace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpeningRange" (
    "id" UUID NOT NULL,
    "practitionerId" UUID NOT NULL,
    "placeId" UUID NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,
    "consultationTypes" "ConsultationType"[],

    CONSTRAINT "OpeningRange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Motif" (
    "id" UUID NOT NULL,
    "practitionerId" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "consultationTypes" "ConsultationType"[],
    "openToNewPatients" BOOLEAN NOT NULL DEFAULT false,
    "bookableOnline" BOOLEAN NOT NULL DEFAULT true,
    "isSnp" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Motif_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MotifRange" (
    "id" UUID NOT NULL,
    "motifId" UUID NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,

    CONSTRAINT "MotifRange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgendaBlock" (
    "id" UUID NOT NULL,
    "practitionerId" UUID NOT NULL,
    "kind" "BlockKind" NOT NULL,
    "label" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "waivedAt" TIMESTAMPTZ(3),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgendaBlock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Appointment" (
    "id" UUID NOT NULL,
    "practitionerId" UUID NOT NULL,
    "placeId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "motifId" UUID,
    "motifLabel" TEXT NOT NULL,
    "consultationType" "ConsultationType" NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'BOOKED',
    "channel" "BookingChannel" NOT NULL,
    "bookedById" UUID,
    "patientMobile" TEXT,
    "paymentStatus" "PaymentStatus",
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelledById" UUID,
    "cancelReason" TEXT,
    "statusChangedAt" TIMESTAMPTZ(3),
    "statusChangedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Appointment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BookingAllowListEntry" (
    "id" UUID NOT NULL,
    "practiceId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "addedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BookingAllowListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryEntry" (
    "id" UUID NOT NULL,
    "rpps" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "civility" TEXT,
    "lastName" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "professionCode" TEXT NOT NULL,
    "professionLabel" TEXT NOT NULL,
    "specialtyCode" TEXT,
    "specialtyLabel" TEXT,
    "addressLine" TEXT,
    "commune" TEXT,
    "communeInsee" TEXT,
    "departement" TEXT,
    "phone" TEXT,
    "importedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DirectoryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsultationPlace_practitionerId_idx" ON "ConsultationPlace"("practitionerId");

-- CreateIndex
CREATE INDEX "OpeningRange_practitionerId_idx" ON "OpeningRange"("practitionerId");

-- CreateIndex
CREATE UNIQUE INDEX "Motif_practitionerId_label_key" ON "Motif"("practitionerId", "label");

-- CreateIndex
CREATE INDEX "MotifRange_motifId_idx" ON "MotifRange"("motifId");

-- CreateIndex
CREATE INDEX "AgendaBlock_practitionerId_endsAt_idx" ON "AgendaBlock"("practitionerId", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "AgendaBlock_practitionerId_kind_startsAt_key" ON "AgendaBlock"("practitionerId", "kind", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_practitionerId_startsAt_idx" ON "Appointment"("practitionerId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_patientId_startsAt_idx" ON "Appointment"("patientId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "BookingAllowListEntry_practiceId_email_key" ON "BookingAllowListEntry"("practiceId", "email");

-- CreateIndex
CREATE INDEX "DirectoryEntry_specialtyCode_departement_idx" ON "DirectoryEntry"("specialtyCode", "departement");

-- CreateIndex
CREATE INDEX "DirectoryEntry_professionCode_departement_idx" ON "DirectoryEntry"("professionCode", "departement");

-- CreateIndex
CREATE UNIQUE INDEX "DirectoryEntry_rpps_postcode_key" ON "DirectoryEntry"("rpps", "postcode");

-- CreateIndex
CREATE INDEX "Practitioner_specialtyCode_departement_nextFreeSlotAt_idx" ON "Practitioner"("specialtyCode", "departement", "nextFreeSlotAt");

-- AddForeignKey
ALTER TABLE "ConsultationPlace" ADD CONSTRAINT "ConsultationPlace_practitionerId_fkey" FOREIGN KEY ("practitionerId") REFERENCES "Practitioner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpeningRange" ADD CONSTRAINT "OpeningRange_practitionerId_fkey" FOREIGN KEY ("practitionerId") REFERENCES "Practitioner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpeningRange" ADD CONSTRAINT "OpeningRange_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "ConsultationPlace"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Motif" ADD CONSTRAINT "Motif_practitionerId_fkey" FOREIGN KEY ("practitionerId") REFERENCES "Practitioner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MotifRange" ADD CONSTRAINT "MotifRange_motifId_fkey" FOREIGN KEY ("motifId") REFERENCES "Motif"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgendaBlock" ADD CONSTRAINT "AgendaBlock_practitionerId_fkey" FOREIGN KEY ("practitionerId") REFERENCES "Practitioner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_practitionerId_fkey" FOREIGN KEY ("practitionerId") REFERENCES "Practitioner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "ConsultationPlace"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_motifId_fkey" FOREIGN KEY ("motifId") REFERENCES "Motif"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookingAllowListEntry" ADD CONSTRAINT "BookingAllowListEntry_practiceId_fkey" FOREIGN KEY ("practiceId") REFERENCES "Practice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

