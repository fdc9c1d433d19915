import type { Express } from 'express';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouteLayer[] };
}

export interface AppRoute {
  method: 'get' | 'post';
  path: string;
}

/** Every route the app answers, read from Express's own router (nested routers included). */
export function routesOf(app: Express): AppRoute[] {
  const found: AppRoute[] = [];
  const walk = (stack: RouteLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of ['get', 'post'] as const) {
          if (layer.route.methods[method]) found.push({ method, path: layer.route.path });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: RouteLayer[] } }).router.stack);
  return found;
}

/**
 * A concrete URL for a route pattern: every parameter gets a plausible value,
 * or `value(name)` when given.
 */
export function concreteRoute(path: string, value?: (name: string) => string | undefined): string {
  return path.replace(
    /:([A-Za-z]+)/g,
    (_match, name: string) =>
      value?.(name) ??
      (/nummer|number/i.test(name) ? '2026KMO000001' : name === 'key' ? 'deposit_deadline_days' : '1'),
  );
}
