export default async function globalTeardown() {
  await globalThis.__PASSERELLE_CLUSTER__?.stop();
}
