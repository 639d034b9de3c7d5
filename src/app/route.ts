// The app's routes and their hash form (pure; router.svelte.ts follows location.hash with it).
// The app is served statically: every route is index.html plus a #fragment.
//   #/            start: drop zone, validation
//   #/overview    counts, archetype chart, driver table
//   #/driver/42   one car (its number as the file writes it: 04 and 4 are two cars)
//   #/track/COTA  one track
//   #/compare/2,13,41   two to four drivers
//   #/model       model, backend, settings
//   #/race/3/COTA/Race%201          one race (input file index, track, race label)
//   #/h2h/3/COTA/Race%201/46,7      two cars in one race
//   #/people      every driver (person) where the files say who drove each lap
//   #/person/name%3Aann%20smith     one person (their driver_key)
//   #/sheet/42    one car's printable sheet
export type Route =
  | { name: 'start' }
  | { name: 'overview' }
  | { name: 'driver'; id: string }
  | { name: 'track'; track: string }
  | { name: 'compare'; ids: string[] }
  | { name: 'model' }
  | { name: 'race'; file: number; track: string; race: string }
  | { name: 'h2h'; file: number; track: string; race: string; cars: string[] }
  | { name: 'people' }
  | { name: 'person'; key: string }
  | { name: 'sheet'; id: string }
  /** A hash the app has no page for: the page says so. */
  | { name: 'unknown'; path: string };

/** Routes that show an analysis (the others work without one). */
export function needsAnalysis(route: Route): boolean {
  return route.name === 'overview' || route.name === 'driver' || route.name === 'track' || route.name === 'compare' || route.name === 'race' || route.name === 'h2h' || route.name === 'people' || route.name === 'person' || route.name === 'sheet';
}

export function parseHash(hash: string): Route {
  // `?analysis=<id>` after the route names the library entry (library-state.svelte.ts); not part of the route.
  const parts = hash.replace(/^#\/?/, '').replace(/\?.*$/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'overview':
      return { name: 'overview' };
    case 'driver': {
      const id = parts[1]?.trim();
      return id ? { name: 'driver', id } : { name: 'overview' };
    }
    case 'track':
      return parts[1] ? { name: 'track', track: parts[1] } : { name: 'overview' };
    case 'compare':
      return {
        name: 'compare',
        ids: (parts[1] ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== '')
          .slice(0, 4),
      };
    case 'model':
      return { name: 'model' };
    case 'people':
      return { name: 'people' };
    case 'person':
      return parts[1] ? { name: 'person', key: parts[1] } : { name: 'people' };
    case 'sheet': {
      const id = parts[1]?.trim();
      return id ? { name: 'sheet', id } : { name: 'overview' };
    }
    case 'race':
    case 'h2h': {
      const file = Number(parts[1]);
      if (!Number.isInteger(file) || file < 0 || !parts[2] || !parts[3]) return { name: 'overview' };
      if (parts[0] === 'race') return { name: 'race', file, track: parts[2], race: parts[3] };
      return { name: 'h2h', file, track: parts[2], race: parts[3], cars: (parts[4] ?? '').split(',').filter(Boolean).slice(0, 2) };
    }
    case undefined:
    case '':
      return { name: 'start' };
    default:
      return { name: 'unknown', path: parts.join('/') };
  }
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'start':
      return '#/';
    case 'overview':
      return '#/overview';
    case 'driver':
      return `#/driver/${encodeURIComponent(route.id)}`;
    case 'track':
      return `#/track/${encodeURIComponent(route.track)}`;
    case 'compare':
      return `#/compare/${route.ids.map(encodeURIComponent).join(',')}`;
    case 'model':
      return '#/model';
    case 'people':
      return '#/people';
    case 'person':
      return `#/person/${encodeURIComponent(route.key)}`;
    case 'sheet':
      return `#/sheet/${encodeURIComponent(route.id)}`;
    case 'race':
      return `#/race/${route.file}/${encodeURIComponent(route.track)}/${encodeURIComponent(route.race)}`;
    case 'h2h':
      return `#/h2h/${route.file}/${encodeURIComponent(route.track)}/${encodeURIComponent(route.race)}/${route.cars.map(encodeURIComponent).join(',')}`;
    case 'unknown':
      return `#/${route.path}`;
  }
}

