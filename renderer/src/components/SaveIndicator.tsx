import { useAppStore } from '../store';

const LABELS = { idle: 'All changes saved', saving: 'Saving…', saved: 'All changes saved', error: 'Not saved' } as const;

export function SaveIndicator() {
  const state = useAppStore((s) => s.saveState);
  const error = useAppStore((s) => s.saveError);
  return (
    <span className={`save-indicator save-${state}`} role="status" aria-live="polite" title={error ?? undefined} data-testid="save-state">
      {state === 'error' ? `Not saved: ${error ?? ''}` : LABELS[state]}
    </span>
  );
}
