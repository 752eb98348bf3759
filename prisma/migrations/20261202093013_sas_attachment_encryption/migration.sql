-- AlterTable
ALTER TABLE "SasAttachment" ADD COLUMN     "encryptedTo" TEXT;

