// Light or dark from prefers-color-scheme; charts read it to redraw with the right colours.
class Theme {
  scheme = $state<'light' | 'dark'>('light');
  constructor() {
    if (typeof window === 'undefined' || !window.matchMedia) return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    this.scheme = mq.matches ? 'dark' : 'light';
    mq.addEventListener('change', (e) => (this.scheme = e.matches ? 'dark' : 'light'));
  }
}
export const theme = new Theme();
