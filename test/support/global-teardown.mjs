export default async function globalTeardown() {
  await globalThis.__KELISIM_STOP_TEST_DATABASE__?.();
}
