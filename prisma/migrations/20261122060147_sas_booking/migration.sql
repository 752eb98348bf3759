-- CreateTable
CREATE TABLE "SasBooking" (
    "id" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "regulatorId" UUID NOT NULL,
    "alreadyConsulted" BOOLEAN NOT NULL,
    "message" TEXT,
    "patientAddress" TEXT,
    "socialSecurityNumber" TEXT,
    "referringDoctor" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SasBooking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SasAttachment" (
    "id" UUID NOT NULL,
    "regulatorId" UUID NOT NULL,
    "bookingId" UUID,
    "storedName" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SasAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SasBookingRequest" (
    "regulatorId" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "bookingId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SasBookingRequest_pkey" PRIMARY KEY ("regulatorId","idempotencyKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "SasBooking_appointmentId_key" ON "SasBooking"("appointmentId");

-- CreateIndex
CREATE INDEX "SasBooking_regulatorId_createdAt_idx" ON "SasBooking"("regulatorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SasAttachment_storedName_key" ON "SasAttachment"("storedName");

-- CreateIndex
CREATE INDEX "SasAttachment_regulatorId_bookingId_idx" ON "SasAttachment"("regulatorId", "bookingId");

-- CreateIndex
CREATE INDEX "SasAttachment_bookingId_idx" ON "SasAttachment"("bookingId");

-- AddForeignKey
ALTER TABLE "SasBooking" ADD CONSTRAINT "SasBooking_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SasAttachment" ADD CONSTRAINT "SasAttachment_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "SasBooking"("id") ON DELETE SET NULL ON UPDATE CASCADE;

