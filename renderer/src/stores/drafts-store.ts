// Form drafts, keyed by form id. Every form of the kiosk keeps its values here rather than in
// component state, so an idle lock, a screen change or a failed command never loses what the
// operator typed. A draft is cleared only after its command's Result says ok.
import { create } from 'zustand';

export type Draft = Record<string, string>;

interface DraftsStore {
  drafts: Record<string, Draft>;
  set(formId: string, field: string, value: string): void;
  clear(formId: string): void;
}

export const useDrafts = create<DraftsStore>((set) => ({
  drafts: {},
  set: (formId, field, value) =>
    set((s) => ({ drafts: { ...s.drafts, [formId]: { ...s.drafts[formId], [field]: value } } })),
  clear: (formId) =>
    set((s) => {
      const next = { ...s.drafts };
      delete next[formId];
      return { drafts: next };
    }),
}));

const EMPTY: Draft = {};

/** A form's draft plus a setter for one field. */
export function useDraft(formId: string): [Draft, (field: string, value: string) => void, () => void] {
  const draft = useDrafts((s) => s.drafts[formId] ?? EMPTY);
  const setField = useDrafts((s) => s.set);
  const clear = useDrafts((s) => s.clear);
  return [draft, (f, v) => setField(formId, f, v), () => clear(formId)];
}
