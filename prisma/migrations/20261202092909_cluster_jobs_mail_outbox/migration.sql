-- CreateEnum
CREATE TYPE "OutboxEmailStatus" AS ENUM ('KEPT', 'PENDING', 'SENT');

-- CreateEnum
CREATE TYPE "ScheduledJobStatus" AS ENUM ('RUNNING', 'DONE');

-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "sentAt" TIMESTAMPTZ(3),
ADD COLUMN     "status" "OutboxEmailStatus" NOT NULL DEFAULT 'KEPT';

-- CreateTable
CREATE TABLE "ScheduledJobRun" (
    "job" TEXT NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "status" "ScheduledJobStatus" NOT NULL DEFAULT 'RUNNING',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "instanceId" TEXT NOT NULL,
    "checkpoint" TEXT,
    "lastError" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ScheduledJobRun_pkey" PRIMARY KEY ("job","slot")
);

-- CreateIndex
CREATE INDEX "OutboxEmail_status_nextAttemptAt_idx" ON "OutboxEmail"("status", "nextAttemptAt");

