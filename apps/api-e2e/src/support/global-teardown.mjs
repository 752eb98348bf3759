export default async function globalTeardown() {
  await globalThis.__PASSERELLE_API_STACK__?.stop();
}
