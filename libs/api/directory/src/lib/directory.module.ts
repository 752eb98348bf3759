import { Module } from '@nestjs/common';
import { NationalDirectoryImport } from './national-directory/national-directory-import.service';
import { NationalDirectoryRepository } from './national-directory/national-directory.repository';
import { DirectoryController } from './search/directory.controller';
import { DirectoryRepository } from './search/directory.repository';
import { DirectorySearch } from './search/directory-search.service';

/** Directory search (public) and the national directory import (CLI). Needs DatabaseModule (global). */
@Module({
  controllers: [DirectoryController],
  providers: [
    DirectoryRepository,
    DirectorySearch,
    NationalDirectoryRepository,
    NationalDirectoryImport,
  ],
  exports: [DirectorySearch, NationalDirectoryImport],
})
export class DirectoryModule {}
