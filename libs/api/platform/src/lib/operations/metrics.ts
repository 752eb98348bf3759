import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type HttpLabels = 'method' | 'route' | 'status';

/**
 * Prometheus metrics of this instance (GET /metrics): Node's default process
 * metrics, HTTP request rate and latency per route, and the gauges other
 * modules register (connected sockets, outbox backlogs). A registry per
 * application, not prom-client's global one, so tests may start several.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<HttpLabels>;
  private readonly latency: Histogram<HttpLabels>;
  private readonly jobRuns: Counter<'job' | 'outcome'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: 'passerelle_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status.', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
    this.latency = new Histogram({
      name: 'passerelle_http_request_duration_seconds',
      help: 'Time from the request to the end of its response, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.jobRuns = new Counter({ name: 'passerelle_scheduled_job_runs_total', help: 'Scheduled job checks on this instance, by job and outcome (ran, failed, interrupted, busy: another instance holds it, done: already run for this period).', labelNames: ['job', 'outcome'], registers: [this.registry] });
  }

  /** Express middleware: counts and times every request, labelled by route pattern (never the raw path: it holds ids). */
  readonly httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.latency.startTimer();
    res.once('close', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      end(labels);
      this.requests.inc(labels);
    });
    next();
  };

  /** A gauge read at each scrape (e.g. a count in the database). */
  gauge(name: string, help: string, read: () => number | Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  jobRun(job: string, outcome: string): void {
    this.jobRuns.inc({ job, outcome });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
