import type { StateCreator } from 'zustand';

export type Toast = Readonly<{
  id: number;
  kind: 'info' | 'error' | 'success';
  message: string;
  action?: Readonly<{ label: string; run: () => void }>;
}>;

export type ToastSlice = {
  toasts: Toast[];
  toast: (t: Omit<Toast, 'id'>, ms?: number) => void;
  dismissToast: (id: number) => void;
};

let nextId = 1;

export const createToastSlice: StateCreator<ToastSlice, [], [], ToastSlice> = (set, get) => ({
  toasts: [],
  toast: (t, ms = t.kind === 'error' ? 10_000 : 6_000) => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { ...t, id }] }));
    window.setTimeout(() => get().dismissToast(id), ms);
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })),
});
