// Preloaded (node -r) into `prisma migrate deploy`: Prisma 6.19's WebAssembly schema engine leaves a 10-second
// timer running after its work is done, so every migration run would idle for 10 s before exiting.
// Unref'd timers still fire if the process is alive; they just no longer keep it alive.
const originalSetTimeout = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(callback, delay, ...args) {
  const timer = originalSetTimeout(callback, delay, ...args);
  if (typeof delay === 'number' && delay >= 5000 && typeof timer?.unref === 'function') timer.unref();
  return timer;
};
