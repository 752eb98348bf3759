-- CreateEnum
CREATE TYPE "Role" AS ENUM ('PATIENT', 'PRACTITIONER', 'SECRETARY', 'REGULATOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "Audience" AS ENUM ('PATIENT', 'PRO');

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('INVITED', 'ACTIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "PracticeRole" AS ENUM ('PRACTITIONER', 'SECRETARY');

-- CreateEnum
CREATE TYPE "IdentityStatus" AS ENUM ('PROVISIONAL', 'RETRIEVED', 'VALIDATED', 'QUALIFIED');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('F', 'M', 'U');

-- CreateEnum
CREATE TYPE "CareRelationshipSource" AS ENUM ('APPOINTMENT', 'DECLARATION');

-- CreateEnum
CREATE TYPE "AuditResult" AS ENUM ('SUCCESS', 'DENIED', 'FAILURE');

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "audience" "Audience" NOT NULL,
    "role" "Role" NOT NULL,
    "status" "AccountStatus" NOT NULL DEFAULT 'ACTIVE',
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT,
    "passwordChangedAt" TIMESTAMPTZ(3),
    "totpSecretSealed" TEXT,
    "totpEnabledAt" TIMESTAMPTZ(3),
    "totpLastStep" INTEGER,
    "failedLoginCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "mfaVerified" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "absoluteExpiresAt" TIMESTAMPTZ(3) NOT NULL,
    "reauthenticatedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Practice" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "finess" TEXT,
    "siret" TEXT,
    "addressLine" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "commune" TEXT NOT NULL,
    "communeInsee" TEXT,
    "departement" TEXT NOT NULL,
    "phone" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Practice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PracticeMembership" (
    "id" UUID NOT NULL,
    "practiceId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "role" "PracticeRole" NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),
    "addedById" UUID,

    CONSTRAINT "PracticeMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Practitioner" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "practiceId" UUID NOT NULL,
    "rpps" TEXT NOT NULL,
    "civility" TEXT,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "profession" TEXT NOT NULL,
    "specialtyCode" TEXT NOT NULL,
    "specialtyLabel" TEXT NOT NULL,
    "phone" TEXT,
    "addressLine" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "commune" TEXT NOT NULL,
    "communeInsee" TEXT,
    "departement" TEXT NOT NULL,
    "acceptsNewPatients" BOOLEAN NOT NULL DEFAULT true,
    "sasParticipation" BOOLEAN NOT NULL DEFAULT false,
    "messagingEnabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Practitioner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Patient" (
    "id" UUID NOT NULL,
    "accountId" UUID,
    "birthName" TEXT NOT NULL,
    "usedName" TEXT,
    "firstNames" TEXT NOT NULL,
    "usedFirstName" TEXT,
    "birthDate" DATE NOT NULL,
    "sex" "Sex" NOT NULL,
    "birthPlaceInsee" TEXT,
    "birthCountryInsee" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "identityStatus" "IdentityStatus" NOT NULL DEFAULT 'PROVISIONAL',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Patient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CareRelationship" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "practitionerId" UUID NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" "CareRelationshipSource" NOT NULL,
    "appointmentId" UUID,
    "declaredById" UUID,

    CONSTRAINT "CareRelationship_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorAccountId" UUID,
    "actorRole" "Role",
    "onBehalfOf" TEXT,
    "action" TEXT NOT NULL,
    "resourceType" TEXT,
    "resourceId" TEXT,
    "patientId" UUID,
    "result" "AuditResult" NOT NULL,
    "ip" TEXT,
    "requestId" TEXT,
    "details" JSONB,
    "prevHash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Account_role_idx" ON "Account"("role");

-- CreateIndex
CREATE UNIQUE INDEX "Account_email_audience_key" ON "Account"("email", "audience");

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryCode_accountId_codeHash_key" ON "RecoveryCode"("accountId", "codeHash");

-- CreateIndex
CREATE INDEX "Session_accountId_idx" ON "Session"("accountId");

-- CreateIndex
CREATE INDEX "PracticeMembership_accountId_idx" ON "PracticeMembership"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "PracticeMembership_practiceId_accountId_key" ON "PracticeMembership"("practiceId", "accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Practitioner_accountId_key" ON "Practitioner"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Practitioner_rpps_key" ON "Practitioner"("rpps");

-- CreateIndex
CREATE INDEX "Practitioner_specialtyCode_departement_idx" ON "Practitioner"("specialtyCode", "departement");

-- CreateIndex
CREATE INDEX "Practitioner_practiceId_idx" ON "Practitioner"("practiceId");

-- CreateIndex
CREATE UNIQUE INDEX "Patient_accountId_key" ON "Patient"("accountId");

-- CreateIndex
CREATE INDEX "Patient_birthName_birthDate_idx" ON "Patient"("birthName", "birthDate");

-- CreateIndex
CREATE INDEX "CareRelationship_practitionerId_idx" ON "CareRelationship"("practitionerId");

-- CreateIndex
CREATE UNIQUE INDEX "CareRelationship_patientId_practitionerId_key" ON "CareRelationship"("patientId", "practitionerId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_actorAccountId_at_idx" ON "AuditEvent"("actorAccountId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_patientId_at_idx" ON "AuditEvent"("patientId", "at");

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeMembership" ADD CONSTRAINT "PracticeMembership_practiceId_fkey" FOREIGN KEY ("practiceId") REFERENCES "Practice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeMembership" ADD CONSTRAINT "PracticeMembership_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Practitioner" ADD CONSTRAINT "Practitioner_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Practitioner" ADD CONSTRAINT "Practitioner_practiceId_fkey" FOREIGN KEY ("practiceId") REFERENCES "Practice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patient" ADD CONSTRAINT "Patient_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareRelationship" ADD CONSTRAINT "CareRelationship_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareRelationship" ADD CONSTRAINT "CareRelationship_practitionerId_fkey" FOREIGN KEY ("practitionerId") REFERENCES "Practitioner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

