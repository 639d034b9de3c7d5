// The service worker's side of the UI: registration (vite-plugin-pwa's virtual module, which wraps
// workbox-window) and the "new version ready" state the update prompt shows. The worker itself is
// generated at build time (vite.config.ts); a new version waits until the user accepts it.
/// <reference types="vite-plugin-pwa/vanillajs" />
import { registerSW } from 'virtual:pwa-register';
import { pageWork } from '../idle';
import { log } from '../log.svelte';

/** The service worker registers once the page has had no validation or analysis for this long (idle.ts). */
const REGISTER_AFTER_QUIET_MS = 5000;

class PwaState {
  /** A new version is installed and waiting for the user's go. */
  needRefresh = $state(false);
  /** Everything is precached: the app now works offline. */
  offlineReady = $state(false);
  private updateSW: ((reload?: boolean) => Promise<void>) | null = null;
  private started = false;

  start(): void {
    if (this.started || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    this.started = true;
    // not beside a drop made as the app opens: the first visit's precache takes ~0.5 s of CPU (issue 10)
    void pageWork.whenQuiet(REGISTER_AFTER_QUIET_MS).then(() => this.register());
  }

  private register(): void {
    this.updateSW = registerSW({
      immediate: true,
      onNeedRefresh: () => {
        this.needRefresh = true;
        log.info('App', 'a new version of the app is ready');
      },
      onOfflineReady: () => {
        this.offlineReady = true;
        log.info('App', 'ready to work offline');
      },
      onRegisterError: (e: unknown) => log.info('App', `service worker not registered: ${e instanceof Error ? e.message : String(e)}`),
    });
  }

  /** Activates the waiting version and reloads the page into it. */
  async update(): Promise<void> {
    // vite-plugin-pwa reloads only when the page was already controlled when it registered; on a first
    // visit that later receives an update it would not, so reload on the controller change here.
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    await this.updateSW?.(true);
  }

  dismiss(): void {
    this.needRefresh = false;
  }
}

export const pwa = new PwaState();
