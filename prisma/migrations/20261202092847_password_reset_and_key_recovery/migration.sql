-- CreateEnum
CREATE TYPE "OneTimeLinkPurpose" AS ENUM ('INVITATION', 'PASSWORD_RESET');

-- DropIndex
DROP INDEX "AccountInvitation_accountId_idx";

-- AlterTable
ALTER TABLE "AccountInvitation" ADD COLUMN     "purpose" "OneTimeLinkPurpose" NOT NULL DEFAULT 'INVITATION';

-- AlterTable
ALTER TABLE "AccountKey" ADD COLUMN     "passwordResetAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "RetiredAccountKey" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "publicKey" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "encryptionKeyIds" TEXT[],
    "protectedPrivateKey" JSONB NOT NULL,
    "recoveryPrivateKey" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "retiredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetiredAccountKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RetiredAccountKey_fingerprint_key" ON "RetiredAccountKey"("fingerprint");

-- CreateIndex
CREATE INDEX "RetiredAccountKey_accountId_idx" ON "RetiredAccountKey"("accountId");

-- CreateIndex
CREATE INDEX "AccountInvitation_accountId_purpose_createdAt_idx" ON "AccountInvitation"("accountId", "purpose", "createdAt");

-- AddForeignKey
ALTER TABLE "RetiredAccountKey" ADD CONSTRAINT "RetiredAccountKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "AccountKey"("accountId") ON DELETE RESTRICT ON UPDATE CASCADE;

