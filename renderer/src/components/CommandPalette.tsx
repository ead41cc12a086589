import { useEffect, useMemo, useRef, useState } from 'react';
import { commandsFor } from '../commands';
import { useRoute } from '../router';
import { useAppStore } from '../store';
import { errorMessage } from '../api/client';
import { usePaletteHits } from '../features/knowledge/usePaletteHits';
import { SearchHitLine, openHit } from '../features/knowledge/SearchResults';

/** Ctrl+K: type to filter every command and search every event's content; Enter to run or open, Escape to close. */
export function CommandPalette() {
  const open = useAppStore((s) => s.paletteOpen);
  const setOpen = useAppStore((s) => s.setPaletteOpen);
  const toast = useAppStore((s) => s.toast);
  const route = useRoute();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLDialogElement>(null);
  const commands = useMemo(() => (open ? commandsFor(route) : []), [open, route]);
  const matches = commands.filter((c) => c.title.toLowerCase().includes(query.trim().toLowerCase()));
  const hits = usePaletteHits(open ? query : '');
  const total = matches.length + hits.length;

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setQuery('');
      setActive(0);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);

  const run = (i: number) => {
    const hit = i >= matches.length ? hits[i - matches.length] : undefined;
    if (hit) {
      setOpen(false);
      openHit(hit);
      return;
    }
    const c = matches[i];
    if (!c) return;
    setOpen(false);
    Promise.resolve(c.run()).catch((e: unknown) => toast({ kind: 'error', message: errorMessage(e) }));
  };

  return (
    <dialog ref={ref} className="dialog palette" aria-label="Command palette" onClose={() => setOpen(false)}>
      <input
        aria-label="Type a command"
        placeholder="Type a command or search every event…"
        value={query}
        autoFocus
        onChange={(e) => { setQuery(e.target.value); setActive(0); }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, total - 1)); }
          if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
          if (e.key === 'Enter') { e.preventDefault(); run(active); }
        }}
      />
      <ul role="listbox" aria-label="Commands">
        {matches.map((c, i) => (
          <li key={c.id} role="option" aria-selected={i === active} className={i === active ? 'active' : undefined} onMouseDown={(e) => { e.preventDefault(); run(i); }}>
            <span>{c.title}</span>
            {c.shortcut && <kbd>{c.shortcut}</kbd>}
          </li>
        ))}
        {hits.length > 0 && <li className="palette-search-title" role="presentation">In events</li>}
        {hits.map((h, j) => (
          <li key={`${h.kind}:${h.itemId}`} role="option" data-testid="palette-hit" aria-selected={matches.length + j === active} className={matches.length + j === active ? 'active' : undefined} onMouseDown={(e) => { e.preventDefault(); run(matches.length + j); }}>
            <span><SearchHitLine hit={h} /></span>
          </li>
        ))}
        {total === 0 && <li className="muted">No command or event content matches “{query}”.</li>}
      </ul>
    </dialog>
  );
}
