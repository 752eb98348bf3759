/**
 * The few raw-SQL operations the migrator and operational tools need, over
 * either PostgreSQL (node-postgres pool) or PGlite. Everything else goes
 * through the Prisma client.
 */
export interface SqlDriver {
  /** Runs a script of one or more statements (simple query protocol). */
  exec(sql: string): Promise<void>;
  /**
   * Runs one statement. `prepared`: a statement of the request path, run
   * often with different parameters — PostgreSQL keeps it parsed (and, once
   * it judges a generic plan good enough, planned) on each pooled connection
   * instead of parsing and planning it again every time. (PGlite: no-op.)
   */
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[], options?: { prepared?: boolean }): Promise<Row[]>;
  /** Runs `work` on one connection inside BEGIN/COMMIT (ROLLBACK on error). */
  transaction<T>(work: (tx: Pick<SqlDriver, 'exec' | 'query'>) => Promise<T>): Promise<T>;
  readonly kind: 'postgres' | 'pglite';
}
