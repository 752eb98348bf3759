import { Inject, Injectable } from '@nestjs/common';
import { GridRules } from '@passerelle/api/agenda';
import { PRISMA, PrismaClient, SQL_DRIVER, SqlDriver } from '@passerelle/api/database';
import { ConsultationType, PlaceView, SasPractitionerCard } from '@passerelle/shared/contracts';

/** A practitioner a regulator search may show, before its slots are known. */
export interface SasCandidate {
  id: string;
  tier: 'AREA' | 'NEIGHBOURS';
  sasParticipation: boolean;
  /** md5(id || seed): the random tie order, stable for one search. */
  shuffle: string;
}

export type CardDetails = Omit<SasPractitionerCard, 'slots' | 'tier'>;

/** The regulator search's queries (the slots themselves come from the agenda's engine). */
@Injectable()
export class SasSearchRepository {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SQL_DRIVER) private readonly sql: SqlDriver,
  ) {}

  /**
   * Passerelle practitioners (active account) of a specialty in the area and
   * its neighbouring départements (the practitioner's département, as the
   * directory reads it), through Practitioner(specialtyCode, departement, …).
   */
  async candidates(specialtyCode: string, area: string[], neighbours: string[], seed: number): Promise<SasCandidate[]> {
    return this.prisma.$queryRaw<SasCandidate[]>`
      SELECT p.id::text AS id,
             CASE WHEN p.departement = ANY(${area}::text[]) THEN 'AREA' ELSE 'NEIGHBOURS' END AS tier,
             p."sasParticipation",
             md5(p.id::text || ${String(seed)}::text) AS shuffle
        FROM "Practitioner" p JOIN "Account" a ON a.id = p."accountId" AND a.status = 'ACTIVE'
       WHERE p."specialtyCode" = ${specialtyCode}
         AND p.departement = ANY(${[...area, ...neighbours]}::text[])`;
  }

  /**
   * Each practitioner's weekly hours, grid and horizon (firstGridSlot's
   * input), in one statement: the ranges through the OpeningRange index
   * that leads with practitionerId, read from the index alone.
   */
  async gridRules(ids: string[]): Promise<Map<string, GridRules>> {
    if (ids.length === 0) return new Map();
    const rows = await this.sql.query<{ id: string; slotMinutes: number; horizonDays: number; ranges: [number, number, number, ConsultationType[]][] }>(
      `SELECT p.id::text AS id, p."slotMinutes", p."horizonDays",
              (SELECT coalesce(json_agg(json_build_array(r.weekday, r."startMinute", r."endMinute", r."consultationTypes")), '[]'::json)
                 FROM "OpeningRange" r WHERE r."practitionerId" = p.id) AS ranges
         FROM "Practitioner" p WHERE p.id = ANY (string_to_array($1, ',')::uuid[])`,
      [ids.join(',')],
      { prepared: true },
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          slotMinutes: row.slotMinutes,
          horizonDays: row.horizonDays,
          ranges: row.ranges.map(([weekday, startMinute, endMinute, consultationTypes]) => ({ weekday, startMinute, endMinute, consultationTypes })),
        },
      ]),
    );
  }

  /** What a card shows about each practitioner (active accounts only, as the search). */
  async cards(ids: string[]): Promise<Map<string, CardDetails>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.practitioner.findMany({
      where: { id: { in: ids }, account: { status: 'ACTIVE' } },
      select: {
        id: true, civility: true, firstName: true, lastName: true, specialtyLabel: true, sasParticipation: true, acceptsNewPatients: true, phone: true,
        places: { orderBy: { createdAt: 'asc' }, select: { id: true, name: true, addressLine: true, postcode: true, commune: true, departement: true } },
      },
    });
    return new Map(
      rows.map((p) => [
        p.id,
        {
          practitionerId: p.id,
          displayName: `${p.civility ? `${p.civility} ` : ''}${p.firstName} ${p.lastName}`,
          specialtyLabel: p.specialtyLabel,
          sasParticipation: p.sasParticipation,
          acceptsNewPatients: p.acceptsNewPatients,
          phone: p.phone,
          places: p.places satisfies PlaceView[],
        },
      ]),
    );
  }
}
