/**
 * SAS regulation routes (all under /api). Regulator = an account with role
 * REGULATOR; practice staff = an active member of the practitioner's practice.
 *
 * GET    /api/regulation/slots?specialty&place&from&hours&consultationType&page&seed   RegulatorSlotSearchResult   regulator
 * GET    /api/regulation/practitioners/:id                    SasPractitionerPage (card + slots over the default window)   regulator
 * GET    /api/regulation/practitioners/:id/funnel?start                                SasFunnelView               regulator
 * GET    /api/regulation/practitioners/:id/slots?hours        SasSlotView[]               regulator (to move a booking)
 * GET    /api/regulation/practitioners/:id/practice-key   SasPracticeKeyView; 409 ENCRYPTION_KEYS_MISSING (explained in French) when the practice has no key yet   regulator
 * POST   /api/regulation/practitioners/:id/attachments    multipart "file": an OpenPGP message to exactly that practice key (the browser checked .pdf/.jpg/.jpeg/.png < 50 MB by content, then encrypted); X-Attachment-Type: its type → SasAttachmentView   regulator
 * DELETE /api/regulation/attachments/:id      204 (not yet attached to a booking)       regulator (own)
 * POST   /api/regulation/bookings             SasBookingRequest + Idempotency-Key → SasBookingView (201; 200 for a replay); 409 SLOT_TAKEN with alternatives   regulator
 * GET    /api/regulation/bookings             SasBookingView[]                          regulator (own)
 * GET    /api/regulation/bookings/:id         SasBookingView                            regulator (own)
 * PATCH  /api/regulation/bookings/:id         UpdateSasBookingRequest → SasBookingView  regulator (own)
 * POST   /api/regulation/bookings/:id/cancel  CancelAppointmentRequest → SasBookingView regulator (own)
 * GET    /api/practice/appointments/:appointmentId/sas     SasBookingView               staff (audited)
 * GET    /api/practice/sas-attachments/:id                 the file (application/octet-stream OpenPGP message when encrypted)   staff (audited)
 */
export const REGULATION_ROUTES = {
  slots: '/api/regulation/slots',
  practitioner: (practitionerId: string) => `/api/regulation/practitioners/${practitionerId}`,
  funnel: (practitionerId: string) => `/api/regulation/practitioners/${practitionerId}/funnel`,
  practitionerSlots: (practitionerId: string) => `/api/regulation/practitioners/${practitionerId}/slots`,
  practiceKey: (practitionerId: string) => `/api/regulation/practitioners/${practitionerId}/practice-key`,
  attachments: (practitionerId: string) => `/api/regulation/practitioners/${practitionerId}/attachments`,
  attachment: (id: string) => `/api/regulation/attachments/${id}`,
  bookings: '/api/regulation/bookings',
  booking: (id: string) => `/api/regulation/bookings/${id}`,
  cancelBooking: (id: string) => `/api/regulation/bookings/${id}/cancel`,
  practiceSasBooking: (appointmentId: string) => `/api/practice/appointments/${appointmentId}/sas`,
  practiceAttachment: (id: string) => `/api/practice/sas-attachments/${id}`,
} as const;
