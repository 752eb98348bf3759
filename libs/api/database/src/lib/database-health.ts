import { Inject, Injectable } from '@nestjs/common';
import { SQL_DRIVER } from './database.tokens';
import { SqlDriver } from './connection/sql-driver';

@Injectable()
export class DatabaseHealth {
  constructor(@Inject(SQL_DRIVER) private readonly driver: SqlDriver) {}

  async isReachable(): Promise<boolean> {
    try {
      await this.driver.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
