/// <reference types="vite-plugin-pwa/react" />
/**
 * The service worker (vite-plugin-pwa, Workbox; vite.config.ts) from the app's side. It is registered
 * here, in the production build only. A new version is never served silently: its worker waits and
 * this banner says so until the user reloads into it; "ready offline" is said once, on the first visit.
 */

import { useRegisterSW } from "virtual:pwa-register/react";
import { useEffect } from "react";
import "./offline.css";

/** How often an open page asks whether a new version was published. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export function UpdateBanner() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      if (registration) setInterval(() => void registration.update().catch(() => {}), UPDATE_CHECK_MS);
    },
    // Refused (a browser without service workers for this page, a test that blocks them): the app
    // works as before, online only; nothing to tell the user.
    onRegisterError() {},
  });
  // "Ready offline" is news for a moment, not a banner to dismiss.
  useEffect(() => {
    if (!offlineReady) return;
    const t = setTimeout(() => setOfflineReady(false), 8000);
    return () => clearTimeout(t);
  }, [offlineReady, setOfflineReady]);
  if (needRefresh) {
    return (
      <div className="update-banner" role="status" data-testid="update-banner">
        A new version of irqscope is available.
        <button
          type="button"
          onClick={() => {
            // workbox-window reloads only a page that was controlled when it loaded; one a first
            // visit's worker claimed later must reload when the new worker takes over too.
            navigator.serviceWorker?.addEventListener("controllerchange", () => location.reload(), { once: true });
            void updateServiceWorker(true);
          }}
          data-testid="update-reload"
        >
          Reload
        </button>
        <button type="button" onClick={() => setNeedRefresh(false)}>
          Later
        </button>
      </div>
    );
  }
  return (
    <div className="offline-status" role="status" data-testid="offline-status">
      {offlineReady ? "irqscope is ready to work offline." : ""}
    </div>
  );
}
