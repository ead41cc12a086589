import { useEffect, useState } from 'react';
import { call, onPush } from '../api/client';

/**
 * The store failed its full integrity check after opening: nothing more is written to it (main refuses writes).
 * Shown on every page until the app is restarted on a sound store, so nobody keeps typing into a store that
 * will not keep it. A window that opened after the check learns it from app-info.
 */
export function StoreWarning() {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('app-info', {}).then(
      (info) => live && info.storeWarning && setMessage(info.storeWarning),
      () => undefined,
    );
    const off = onPush((e) => {
      if (e.name === 'store-warning') setMessage(e.payload.message);
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  if (!message) return null;
  return (
    <div className="store-warning" role="alert" data-testid="store-warning">
      <strong>Read-only: the data file is damaged.</strong> {message}
    </div>
  );
}
