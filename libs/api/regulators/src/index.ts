export * from './lib/regulators.module';
export * from './lib/regulator';
export * from './lib/regulator-errors';
export { RegulatorAccounts } from './lib/regulator-accounts.service';
export { RegulatorRepository } from './lib/regulator.repository';
