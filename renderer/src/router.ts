import { useSyncExternalStore } from 'react';

export type Route = Readonly<{ page: 'home' }> | Readonly<{ page: 'event'; eventId: string; section: string; sub?: string }>;

/** Hash routes (#/ and #/event/<id>/<section>[/<sub>]) so reloads and the back button keep the place. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'event' && parts[1]) {
    return { page: 'event', eventId: parts[1], section: parts[2] ?? 'charter', sub: parts[3] };
  }
  return { page: 'home' };
}

export function routeHref(r: Route): string {
  if (r.page === 'home') return '#/';
  return `#/event/${encodeURIComponent(r.eventId)}/${encodeURIComponent(r.section)}${r.sub ? `/${encodeURIComponent(r.sub)}` : ''}`;
}

export function navigate(r: Route): void {
  window.location.hash = routeHref(r);
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

let cachedHash = '';
let cachedRoute: Route = { page: 'home' };

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => {
    if (window.location.hash !== cachedHash) {
      cachedHash = window.location.hash;
      cachedRoute = parseRoute(cachedHash);
    }
    return cachedRoute;
  });
}
