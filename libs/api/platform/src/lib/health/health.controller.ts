import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DatabaseHealth } from '@passerelle/api/database';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../http/public-route';

@ApiTags('operations')
@SkipThrottle()
@Public()
@Controller()
export class HealthController {
  constructor(private readonly database: DatabaseHealth) {}

  /** Liveness: the process answers. */
  @Get('health')
  @HttpCode(200)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database answers. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: 'ready' | 'unavailable'; database: boolean }> {
    const database = await this.database.isReachable();
    res.status(database ? 200 : 503);
    return { status: database ? 'ready' : 'unavailable', database };
  }
}
