-- CreateEnum
CREATE TYPE "ThreadPurpose" AS ENUM ('RENEWAL', 'ADMINISTRATIVE', 'DOCUMENT');

-- CreateEnum
CREATE TYPE "ThreadState" AS ENUM ('OPEN', 'WAITING_FOR_PATIENT', 'CLOSED');

-- CreateEnum
CREATE TYPE "MessageKind" AS ENUM ('TEXT', 'RENEWED', 'REFUSED', 'BOOKING_REQUESTED', 'CLOSED');

-- AlterTable
ALTER TABLE "Practice" ADD COLUMN     "messagingAnswerDelayDays" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "messagingWeeklyThreadLimit" INTEGER DEFAULT 3;

-- CreateTable
CREATE TABLE "AccountKey" (
    "accountId" UUID NOT NULL,
    "publicKey" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "encryptionKeyIds" TEXT[],
    "protectedPrivateKey" JSONB NOT NULL,
    "recoveryPrivateKey" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AccountKey_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "PracticeKey" (
    "practiceId" UUID NOT NULL,
    "publicKey" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "encryptionKeyIds" TEXT[],
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PracticeKey_pkey" PRIMARY KEY ("practiceId")
);

-- CreateTable
CREATE TABLE "PracticeKeyCopy" (
    "practiceId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "encryptedPrivateKey" BYTEA NOT NULL,
    "sharedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PracticeKeyCopy_pkey" PRIMARY KEY ("practiceId","accountId")
);

-- CreateTable
CREATE TABLE "MessageThread" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "practitionerId" UUID NOT NULL,
    "practiceId" UUID NOT NULL,
    "purpose" "ThreadPurpose" NOT NULL,
    "state" "ThreadState" NOT NULL DEFAULT 'OPEN',
    "openedByAccountId" UUID NOT NULL,
    "assignedToAccountId" UUID,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "lastMessageAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "patientArchivedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MessageThread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "threadId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "senderAccountId" UUID NOT NULL,
    "kind" "MessageKind" NOT NULL DEFAULT 'TEXT',
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageAttachment" (
    "id" UUID NOT NULL,
    "threadId" UUID NOT NULL,
    "messageId" UUID,
    "uploadedById" UUID NOT NULL,
    "mediaType" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThreadReadReceipt" (
    "threadId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "lastReadSeq" INTEGER NOT NULL,
    "readAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ThreadReadReceipt_pkey" PRIMARY KEY ("threadId","accountId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AccountKey_fingerprint_key" ON "AccountKey"("fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "PracticeKey_fingerprint_key" ON "PracticeKey"("fingerprint");

-- CreateIndex
CREATE INDEX "PracticeKeyCopy_accountId_idx" ON "PracticeKeyCopy"("accountId");

-- CreateIndex
CREATE INDEX "MessageThread_practiceId_state_lastMessageAt_idx" ON "MessageThread"("practiceId", "state", "lastMessageAt");

-- CreateIndex
CREATE INDEX "MessageThread_patientId_createdAt_idx" ON "MessageThread"("patientId", "createdAt");

-- CreateIndex
CREATE INDEX "MessageThread_practitionerId_lastMessageAt_idx" ON "MessageThread"("practitionerId", "lastMessageAt");

-- CreateIndex
CREATE UNIQUE INDEX "Message_threadId_seq_key" ON "Message"("threadId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "MessageAttachment_storageKey_key" ON "MessageAttachment"("storageKey");

-- CreateIndex
CREATE INDEX "MessageAttachment_threadId_idx" ON "MessageAttachment"("threadId");

-- CreateIndex
CREATE INDEX "MessageAttachment_messageId_idx" ON "MessageAttachment"("messageId");

-- CreateIndex
CREATE INDEX "ThreadReadReceipt_accountId_idx" ON "ThreadReadReceipt"("accountId");

-- AddForeignKey
ALTER TABLE "AccountKey" ADD CONSTRAINT "AccountKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeKey" ADD CONSTRAINT "PracticeKey_practiceId_fkey" FOREIGN KEY ("practiceId") REFERENCES "Practice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeKeyCopy" ADD CONSTRAINT "PracticeKeyCopy_practiceId_fkey" FOREIGN KEY ("practiceId") REFERENCES "PracticeKey"("practiceId") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageThread" ADD CONSTRAINT "MessageThread_practiceId_fkey" FOREIGN KEY ("practiceId") REFERENCES "Practice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "MessageThread"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageAttachment" ADD CONSTRAINT "MessageAttachment_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "MessageThread"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageAttachment" ADD CONSTRAINT "MessageAttachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThreadReadReceipt" ADD CONSTRAINT "ThreadReadReceipt_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "MessageThread"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written (Prisma's schema language cannot express triggers).
-- Threads and messages belong to the medical record (20-year retention after
-- the last consultation): the database itself refuses to delete them, and a
-- message, once numbered, is never rewritten. Purging after the retention
-- period will be a dedicated, audited migration step, not an application path.
CREATE FUNCTION messaging_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on "%" is not allowed: messages belong to the medical record', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "MessageThread_no_delete" BEFORE DELETE ON "MessageThread"
  FOR EACH ROW EXECUTE FUNCTION messaging_refuse_change();
CREATE TRIGGER "Message_no_delete_or_update" BEFORE DELETE OR UPDATE ON "Message"
  FOR EACH ROW EXECUTE FUNCTION messaging_refuse_change();
CREATE TRIGGER "Message_no_truncate" BEFORE TRUNCATE ON "Message"
  FOR EACH STATEMENT EXECUTE FUNCTION messaging_refuse_change();
CREATE TRIGGER "MessageThread_no_truncate" BEFORE TRUNCATE ON "MessageThread"
  FOR EACH STATEMENT EXECUTE FUNCTION messaging_refuse_change();
