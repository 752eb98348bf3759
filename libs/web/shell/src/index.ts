export * from './lib/shell.routes';
export * from './lib/layout/app-layout';
export * from './lib/title/page-title-strategy';
