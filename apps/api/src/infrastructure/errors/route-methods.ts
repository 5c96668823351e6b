import type { Request } from 'express';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): unknown;
}

/**
 * The methods the application's routes serve at this path (HEAD with GET), for 405 and its Allow header: a path
 * that exists, asked with a method it does not serve, is not "not found".
 */
export function allowedMethods(request: Request): string[] {
  const stack = (request.app as unknown as { router?: { stack: RouteLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    // Catch-alls (`{/*splat}`, which Nest mounts for middleware) answer any path: they say nothing of this one.
    if (!layer.route || layer.route.path.includes('*') || !layer.match(request.path)) continue;
    for (const [method, served] of Object.entries(layer.route.methods)) if (served && method !== '_all') methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
