import { useAppStore } from '../../store';
import { errorMessage } from '../../api/client';

export function useUndoRedo() {
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  const toast = useAppStore((s) => s.toast);
  const bump = useAppStore((s) => s.bumpData);
  const run = async (which: 'undo' | 'redo') => {
    try {
      const label = await (which === 'undo' ? undo() : redo());
      if (label) {
        toast({ kind: 'info', message: `${which === 'undo' ? 'Undid' : 'Redid'}: ${label}` }, 3000);
        bump('events');
      }
    } catch (e) {
      toast({ kind: 'error', message: errorMessage(e) });
    }
  };
  return { undo: () => run('undo'), redo: () => run('redo') };
}

export function UndoRedoButtons() {
  const canUndo = useAppStore((s) => s.undoStack.length > 0);
  const canRedo = useAppStore((s) => s.redoStack.length > 0);
  const undoLabel = useAppStore((s) => s.undoStack.at(-1)?.label);
  const redoLabel = useAppStore((s) => s.redoStack.at(-1)?.label);
  const { undo, redo } = useUndoRedo();
  return (
    <span className="undo-redo">
      <button type="button" className="btn btn-small" disabled={!canUndo} onClick={() => void undo()} title={undoLabel ? `Undo ${undoLabel} (Ctrl+Z)` : 'Nothing to undo'} aria-keyshortcuts="Control+Z">
        Undo
      </button>
      <button type="button" className="btn btn-small" disabled={!canRedo} onClick={() => void redo()} title={redoLabel ? `Redo ${redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'} aria-keyshortcuts="Control+Shift+Z">
        Redo
      </button>
    </span>
  );
}
