import { useEffect, useState } from 'react';

/** The window's inner height, updated on resize (the map canvas fills what is left under the toolbar). */
export function useWindowHeight(): number {
  const [h, setH] = useState(window.innerHeight);
  useEffect(() => {
    const on = () => setH(window.innerHeight);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return h;
}
