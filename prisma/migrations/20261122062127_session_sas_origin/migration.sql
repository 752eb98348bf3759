-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "sasOriginAt" TIMESTAMPTZ(3);

