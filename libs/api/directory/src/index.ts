export * from './lib/api-directory.module';
export * from './lib/geography/departements';
export * from './lib/geography/departement-adjacency';
export * from './lib/national-directory/rpps-extraction.parser';
export * from './lib/national-directory/rpps-extraction.fixture';
export * from './lib/search/directory-ranking';
export * from './lib/search/seeded-random';
