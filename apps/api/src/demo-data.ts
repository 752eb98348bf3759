import type { INestApplicationContext } from '@nestjs/common';
import { AgendaDemoData } from '@passerelle/api/agenda';
import { DemoDataSeeder } from '@passerelle/api/identity';
import { MessagingDemoKeys } from '@passerelle/api/messaging';

/** The demo data, in order: accounts and people, agendas, then the demo practice's encryption keys. */
export async function seedDemoData(app: INestApplicationContext, onlyIfEmpty: boolean): Promise<boolean> {
  const seeder = app.get(DemoDataSeeder);
  if (onlyIfEmpty) {
    if (!(await seeder.seedIfEmpty())) return false;
  } else {
    await seeder.seed();
  }
  await app.get(AgendaDemoData).seed();
  await app.get(MessagingDemoKeys).seed();
  return true;
}
