// The hash router: the current route as state, following location.hash (routes in route.ts).
import { hrefOf, parseHash, type Route } from './route';

export type { Route } from './route';
export { hrefOf, parseHash } from './route';

class Router {
  route = $state<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.route = parseHash(location.hash);
        // Focus the new page's heading, so keyboard and screen-reader users land on it. After the page
        // has painted: focusing in the render's task forces a layout of the whole new page inside that
        // task (~20 ms of the overview's first render, measured); after the frame the layout is done.
        requestAnimationFrame(() => setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: false })));
      });
    }
  }

  go(route: Route): void {
    const href = hrefOf(route);
    if (location.hash === href) return;
    location.hash = href;
  }
}

export const router = new Router();
