/**
 * Agenda, appointments and directory routes (all under /api). Practice staff
 * = a practitioner or secretary with an active membership of the
 * practitioner's practice ("qui peut le plus peut le moins": both may do it).
 *
 * GET    /api/practitioners/:id/booking-page?from&to      BookingPageView           anyone (what the viewer may book)
 * POST   /api/practitioners/:id/appointments              BookAppointmentRequest → AppointmentView   patient (self) or staff (patientId); 409 when the slot is taken
 * GET    /api/practitioners/:id/agenda/settings           AgendaSettingsView        staff
 * PUT    /api/practitioners/:id/agenda/settings           UpdateAgendaSettingsRequest → AgendaSettingsView   staff
 * PUT    /api/practitioners/:id/agenda/hours              ReplaceOpeningHoursRequest → HoursChangeResult     staff
 * GET    /api/practitioners/:id/motifs                    MotifView[]               staff
 * POST   /api/practitioners/:id/motifs                    MotifRequest → MotifView  staff
 * PUT    /api/practitioners/:id/motifs/:motifId           MotifRequest → MotifView  staff
 * DELETE /api/practitioners/:id/motifs/:motifId           204 (deactivated: past appointments keep it)   staff
 * GET    /api/practitioners/:id/blocks?from&to            BlockView[]               staff
 * POST   /api/practitioners/:id/blocks                    BlockRequest → BlockView  staff
 * DELETE /api/practitioners/:id/blocks/:blockId           204 (a public holiday is waived, i.e. worked)   staff
 * GET    /api/practitioners/:id/calendar?from&to          CalendarView              staff (30 days of history at most)
 * GET    /api/practitioners/:id/teleconsultations         AppointmentView[]         staff (unpaid past visits first)
 * POST   /api/appointments/:id/cancel                     CancelAppointmentRequest → AppointmentView  patient (own, before the cut-off) or staff
 * POST   /api/appointments/:id/move                       MoveAppointmentRequest → AppointmentView    staff
 * POST   /api/appointments/:id/done                       AppointmentView           staff (creates the care relationship)
 * POST   /api/appointments/:id/no-show                    AppointmentView           staff
 * POST   /api/appointments/:id/payment                    PaymentStatusRequest → AppointmentView      staff (video only)
 * GET    /api/patient/appointments                        AppointmentView[]         patient (own)
 * GET    /api/practice/patients/:patientId/history        PatientHistoryView        staff
 * GET    /api/practice/members                            PracticeMemberView[]      staff
 * POST   /api/practice/secretaries                        AttachSecretaryRequest → PracticeMemberView   practitioner
 * DELETE /api/practice/secretaries/:accountId             204                       practitioner
 * GET    /api/practice/allow-list                         string[]                  staff
 * POST   /api/practice/allow-list                         AllowListEntryRequest → 204   staff
 * DELETE /api/practice/allow-list/:email                  204                       staff
 * GET    /api/directory/search?specialty&place&page       DirectorySearchResult     anyone
 */
export const AGENDA_ROUTES = {
  bookingPage: (practitionerId: string) => `/api/practitioners/${practitionerId}/booking-page`,
  appointments: (practitionerId: string) => `/api/practitioners/${practitionerId}/appointments`,
  settings: (practitionerId: string) => `/api/practitioners/${practitionerId}/agenda/settings`,
  hours: (practitionerId: string) => `/api/practitioners/${practitionerId}/agenda/hours`,
  motifs: (practitionerId: string) => `/api/practitioners/${practitionerId}/motifs`,
  blocks: (practitionerId: string) => `/api/practitioners/${practitionerId}/blocks`,
  calendar: (practitionerId: string) => `/api/practitioners/${practitionerId}/calendar`,
  teleconsultations: (practitionerId: string) => `/api/practitioners/${practitionerId}/teleconsultations`,
  appointment: (appointmentId: string, action: 'cancel' | 'move' | 'done' | 'no-show' | 'payment') => `/api/appointments/${appointmentId}/${action}`,
  myAppointments: '/api/patient/appointments',
  patientHistory: (patientId: string) => `/api/practice/patients/${patientId}/history`,
  members: '/api/practice/members',
  secretaries: '/api/practice/secretaries',
  allowList: '/api/practice/allow-list',
  directorySearch: '/api/directory/search',
} as const;
