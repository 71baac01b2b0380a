// Which field the on-screen keyboard is typing into. A field registers an `edit` function when it
// gets focus; the docked keyboard applies each key through it, so the field's owner (usually the
// drafts store) stays the only holder of the value.
import { create } from 'zustand';

export type KeyboardKind = 'text' | 'number';

export interface KeyboardTarget {
  fieldId: string;
  kind: KeyboardKind;
  edit(fn: (current: string) => string): void;
}

interface KeyboardStore {
  target: KeyboardTarget | null;
  open(t: KeyboardTarget): void;
  close(fieldId?: string): void;
}

export const useKeyboard = create<KeyboardStore>((set, get) => ({
  target: null,
  open: (t) => set({ target: t }),
  close(fieldId) {
    if (!fieldId || get().target?.fieldId === fieldId) set({ target: null });
  },
}));
