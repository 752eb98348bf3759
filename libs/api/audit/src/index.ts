export * from './lib/audit-entry';
export * from './lib/audit-chain';
export * from './lib/audit.service';
export * from './lib/audit.module';
export * from './lib/audit-row-sql';
