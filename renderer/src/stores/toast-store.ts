// The confirmation line: shown only after a command's Result came back ok (i.e. after the core's
// local commit), never optimistically.
import { create } from 'zustand';

interface ToastStore {
  message: string | null;
  seq: number;
  show(message: string): void;
}

export const useToast = create<ToastStore>((set, get) => ({
  message: null,
  seq: 0,
  show(message) {
    const seq = get().seq + 1;
    set({ message, seq });
    window.setTimeout(() => {
      if (get().seq === seq) set({ message: null });
    }, 4000);
  },
}));
