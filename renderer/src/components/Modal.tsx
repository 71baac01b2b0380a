// A full-attention dialog for one decision (pause reason, quantities, issue...). It is closed only
// by its own buttons: a stray tap on the backdrop must not throw away a half-filled form.
import type { ReactNode } from 'react';

export function Modal(p: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div className="modal-back">
      <div className="modal" role="dialog" aria-modal="true" aria-label={p.title} data-testid={p.testId}>
        <h2>{p.title}</h2>
        {p.children}
      </div>
    </div>
  );
}
