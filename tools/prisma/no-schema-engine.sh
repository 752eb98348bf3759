#!/bin/sh
# Prisma's CLI refuses to start `generate` without a schema-engine binary, yet
# never runs it for generate. The native engine cannot be downloaded on our
# machines, so PRISMA_SCHEMA_ENGINE_BINARY points here. Migrations are applied
# by libs/api/database's migrator instead (see README, "Database").
echo "native schema engine not available" >&2
exit 1
