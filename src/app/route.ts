// The app's routes and their hash form (pure; router.svelte.ts follows location.hash with it).
// The app is served statically: every route is index.html plus a #fragment.
//   #/            start: drop zone, validation
//   #/overview    counts, archetype chart, driver table
//   #/driver/42   one driver
//   #/track/COTA  one track
//   #/compare/2,13,41   two to four drivers
//   #/model       model, backend, settings
export type Route =
  | { name: 'start' }
  | { name: 'overview' }
  | { name: 'driver'; id: number }
  | { name: 'track'; track: string }
  | { name: 'compare'; ids: number[] }
  | { name: 'model' };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'overview':
      return { name: 'overview' };
    case 'driver': {
      const id = Number(parts[1]);
      return Number.isInteger(id) ? { name: 'driver', id } : { name: 'overview' };
    }
    case 'track':
      return parts[1] ? { name: 'track', track: parts[1] } : { name: 'overview' };
    case 'compare':
      return {
        name: 'compare',
        ids: (parts[1] ?? '')
          .split(',')
          .map(Number)
          .filter((n) => Number.isInteger(n) && n >= 0)
          .slice(0, 4),
      };
    case 'model':
      return { name: 'model' };
    default:
      return { name: 'start' };
  }
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'start':
      return '#/';
    case 'overview':
      return '#/overview';
    case 'driver':
      return `#/driver/${route.id}`;
    case 'track':
      return `#/track/${encodeURIComponent(route.track)}`;
    case 'compare':
      return `#/compare/${route.ids.join(',')}`;
    case 'model':
      return '#/model';
  }
}

