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

/** The practitioners, places and motif labels the FHIR slot aggregation shows (read only). */
@Injectable()
export class SasDirectoryRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Practitioners with these RPPS numbers who take part in the SAS; the others are unknown to the platform. */
  async participantsByRpps(rpps: string[]): Promise<SasPractitioner[]> {
    if (rpps.length === 0) return [];
    const rows = await this.prisma.practitioner.findMany({
      where: { rpps: { in: rpps }, sasParticipation: true, account: { status: 'ACTIVE' } },
      select: {
        id: true, rpps: true, firstName: true, lastName: true, specialtyCode: true, specialtyLabel: true, phone: true, acceptsNewPatients: true,
        practice: { select: { finess: true, siret: true, phone: true } },
        places: { select: { id: true, name: true, addressLine: true, postcode: true, commune: true }, orderBy: { createdAt: 'asc' } },
        motifs: { where: { active: true }, select: { id: true, label: true, isSnp: true, openToNewPatients: true, bookableOnline: true } },
      },
    });
    return rows.map((r) => ({
      id: r.id, rpps: r.rpps, firstName: r.firstName, lastName: r.lastName, specialtyCode: r.specialtyCode, specialtyLabel: r.specialtyLabel,
      phone: r.phone, practice: r.practice, places: r.places, motifs: new Map(r.motifs.map((m) => [m.id, { label: m.label, sasEligible: m.isSnp || (m.openToNewPatients && m.bookableOnline && r.acceptsNewPatients) }])),
    }));
  }
}
