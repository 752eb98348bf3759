import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, PrismaClient } from '@passerelle/api/database';

export interface SasPlace {
  id: string;
  name: string;
  addressLine: string;
  postcode: string;
  commune: string;
}

/** What the aggregation Bundle says about one practitioner who takes part in the SAS. */
export interface SasPractitioner {
  id: string;
  rpps: string;
  firstName: string;
  lastName: string;
  specialtyCode: string;
  specialtyLabel: string;
  phone: string | null;
  practice: { finess: string | null; siret: string | null; phone: string | null };
  places: SasPlace[];
  /** Active motifs by id: a slot is shown with the motifs the SAS may book there. */
  motifs: Map<string, SasMotif>;
}

export interface SasMotif {
  label: string;
  /** "Soins non programmés", or open online to new patients of a practitioner who takes them. */
  sasEligible: boolean;
}

interface ParticipantRow extends Omit<SasPractitioner, 'motifs'> {
  acceptsNewPatients: boolean;
  motifs: { id: string; label: string; isSnp: boolean; openToNewPatients: boolean; bookableOnline: boolean }[];
}

/** The practitioners, places and motif labels the FHIR slot aggregation shows (read only). */
@Injectable()
export class SasDirectoryRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Practitioners with these RPPS numbers who take part in the SAS; the
   * others are unknown to the platform. One statement (places and motifs as
   * JSON arrays) rather than a relation query's four: on a busy machine each
   * round trip to PostgreSQL costs more than the rows it brings.
   */
  async participantsByRpps(rpps: string[]): Promise<SasPractitioner[]> {
    if (rpps.length === 0) return [];
    const rows = await this.prisma.$queryRaw<ParticipantRow[]>`
      SELECT p.id::text AS id, p.rpps, p."firstName", p."lastName", p."specialtyCode", p."specialtyLabel", p.phone, p."acceptsNewPatients",
             json_build_object('finess', pr.finess, 'siret', pr.siret, 'phone', pr.phone) AS practice,
             (SELECT coalesce(json_agg(json_build_object('id', cp.id, 'name', cp.name, 'addressLine', cp."addressLine", 'postcode', cp.postcode, 'commune', cp.commune)
                                       ORDER BY cp."createdAt"), '[]'::json)
                FROM "ConsultationPlace" cp WHERE cp."practitionerId" = p.id) AS places,
             (SELECT coalesce(json_agg(json_build_object('id', m.id, 'label', m.label, 'isSnp', m."isSnp", 'openToNewPatients', m."openToNewPatients", 'bookableOnline', m."bookableOnline")), '[]'::json)
                FROM "Motif" m WHERE m."practitionerId" = p.id AND m.active) AS motifs
        FROM "Practitioner" p
        JOIN "Account" a ON a.id = p."accountId" AND a.status = 'ACTIVE'
        JOIN "Practice" pr ON pr.id = p."practiceId"
       WHERE p.rpps = ANY(${rpps}::text[]) AND p."sasParticipation"`;
    return rows.map((r) => ({
      id: r.id, rpps: r.rpps, firstName: r.firstName, lastName: r.lastName, specialtyCode: r.specialtyCode, specialtyLabel: r.specialtyLabel,
      phone: r.phone, practice: r.practice, places: r.places, motifs: new Map(r.motifs.map((m) => [m.id, { label: m.label, sasEligible: m.isSnp || (m.openToNewPatients && m.bookableOnline && r.acceptsNewPatients) }])),
    }));
  }
}
