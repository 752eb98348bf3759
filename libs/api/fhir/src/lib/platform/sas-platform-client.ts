import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import { AppConfig } from '@passerelle/api/config';
import { FHIR_JSON } from '../fhir-vocabulary';

const TIMEOUT_MS = 10_000;

/** HTTP to the national SAS platform's FHIR base (mutual TLS when a client certificate is configured). */
@Injectable()
export class SasPlatformClient {
  private readonly dispatcher: Agent;

  constructor(private readonly config: AppConfig) {
    const { certFile, keyFile, caFile } = config.sas.platformTls;
    this.dispatcher = new Agent({
      connect: {
        ...(certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : {}),
        ...(caFile ? { ca: readFileSync(caFile) } : {}),
      },
    });
  }

  get configured(): boolean {
    return this.config.sas.platformUrl !== undefined;
  }

  /** POST (create) or conditional PUT (update) of a resource; throws with the status or network cause on failure. */
  async send(method: 'POST' | 'PUT', path: string, resource: Record<string, unknown>): Promise<number> {
    const response = await fetch(`${this.config.sas.platformUrl}${path}`, {
      method,
      headers: { 'content-type': FHIR_JSON, accept: FHIR_JSON },
      body: JSON.stringify(resource),
      dispatcher: this.dispatcher,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer();
    if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
    return response.status;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
