import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DatabaseHealth } from '@passerelle/api/database';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../http/public-route';
import { GracefulDrain } from '../operations/graceful-drain';

@ApiTags('operations')
@SkipThrottle()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly drain: GracefulDrain,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  @HttpCode(200)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database answers, and the instance is not draining (SIGTERM received). */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: 'ready' | 'unavailable' | 'draining'; database: boolean }> {
    const database = await this.database.isReachable();
    const draining = this.drain.isDraining;
    res.status(database && !draining ? 200 : 503);
    return { status: draining ? 'draining' : database ? 'ready' : 'unavailable', database };
  }
}
