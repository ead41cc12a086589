import type { Session, WebContents } from 'electron';
import { APP_CSP } from '../../common/csp';

/** The app's own pages are file:// URLs under the renderer folder; nothing else may load. */
export function isAppUrl(url: string, rendererIndexUrl: string): boolean {
  try {
    const u = new URL(url);
    const base = new URL(rendererIndexUrl);
    return u.protocol === 'file:' && u.pathname === base.pathname;
  } catch {
    return false;
  }
}

/**
 * Blocks navigation (top-level, redirects and frames), `<webview>` and new windows, denies every permission but
 * full screen, sets the CSP header.
 */
export function lockDown(contents: WebContents, session: Session, rendererIndexUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererIndexUrl)) event.preventDefault();
  });
  // A server redirect cannot happen for file:// pages, so any redirect is someone else's page: stop it.
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, rendererIndexUrl)) event.preventDefault();
  });
  // Fires for the main frame and subframes. The app has no frames, so a subframe navigation is never ours.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame || !isAppUrl(event.url, rendererIndexUrl)) event.preventDefault();
  });
  denyWebviews(contents);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Every permission is denied except full screen, which presenter mode asks for.
  session.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'fullscreen'));
  session.setPermissionCheckHandler((_wc, permission) => permission === 'fullscreen');
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
  });
}

/**
 * `<webview>` is off by default (webviewTag), and the app never uses one; refusing every attach keeps a
 * compromised renderer from embedding a guest page with preferences of its own choosing.
 */
export function denyWebviews(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
