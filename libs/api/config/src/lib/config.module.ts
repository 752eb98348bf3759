import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { validateEnvironment } from './environment';

@Global()
@Module({})
export class ConfigModule {
  /** Validates the environment once; a bad value throws before anything starts. */
  static forRoot(env: Record<string, string | undefined> = process.env): DynamicModule {
    const config = new AppConfig(validateEnvironment(env));
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
