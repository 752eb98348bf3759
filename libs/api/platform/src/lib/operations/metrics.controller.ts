import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '@passerelle/api/config';
import { Forbidden } from '../errors/domain-errors';
import { Public } from '../http/public-route';
import { Metrics } from './metrics';
import { mayReadMetrics } from './metrics-access';

/** Prometheus text format, for a scraper with METRICS_TOKEN or a direct loopback request (see metrics-access.ts). */
@ApiExcludeController()
@SkipThrottle()
@Public()
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!mayReadMetrics({ headers: req.headers, remoteAddress: req.socket.remoteAddress }, this.config.cluster.metricsToken)) {
      throw new Forbidden('Les métriques sont réservées à la supervision.');
    }
    res.type(this.metrics.registry.contentType).send(await this.metrics.render());
  }
}
