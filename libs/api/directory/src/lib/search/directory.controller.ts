import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@passerelle/api/platform';
import {
  DirectorySearchQuery,
  DirectorySearchResult,
} from '@passerelle/shared/contracts';
import { DirectorySearch } from './directory-search.service';

@ApiTags('directory')
@Controller('api/directory')
export class DirectoryController {
  constructor(private readonly directory: DirectorySearch) {}

  /** Anyone may search, signed in or not (seed 000). */
  @Public()
  @Get('search')
  search(@Query() query: DirectorySearchQuery): Promise<DirectorySearchResult> {
    return this.directory.search(query);
  }
}
