import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** Pages a search can reach; deeper pages are the "rest of France" nobody scrolls to. */
export const DIRECTORY_MAX_PAGE = 500;

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * GET /api/directory/search query. `place` is a commune name, a postcode or a
 * département code; `seed` keeps the random order of one search stable from
 * page to page (the first page returns the seed it used when none is given).
 */
export class DirectorySearchQuery {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString({ message: 'Choisissez une spécialité.' })
  @Matches(/^[A-Z]{1,4}\d{1,3}$/, { message: 'Spécialité invalide : code de la nomenclature TRE_R38 attendu (par exemple SM54).' })
  specialty!: string;

  @Transform(trimmed)
  @IsString({ message: 'Indiquez une commune, un code postal ou un département.' })
  @Length(1, 100, { message: 'Indiquez une commune, un code postal ou un département (100 caractères au plus).' })
  place!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Numéro de page invalide.' })
  @Min(1, { message: 'Numéro de page invalide : 1 au moins.' })
  @Max(DIRECTORY_MAX_PAGE, { message: `Numéro de page invalide : ${DIRECTORY_MAX_PAGE} au plus.` })
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Graine de tri invalide.' })
  @Min(0, { message: 'Graine de tri invalide.' })
  @Max(2147483647, { message: 'Graine de tri invalide.' })
  seed?: number;
}
