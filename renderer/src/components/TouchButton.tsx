// The one button of the kiosk. A tap shows a pressed state at once (pointerdown, before any
// work), then a pending state until the action's promise settles: confirmation only ever comes
// from the command's Result, i.e. after the core's local commit. While pending, and for a short
// guard after, further taps are ignored, so a double tap never submits twice.
import { useRef, useState, type ReactNode } from 'react';

const DOUBLE_TAP_GUARD_MS = 400;

export interface TouchButtonProps {
  children: ReactNode;
  onPress: () => void | Promise<unknown>;
  variant?: 'primary' | 'secondary' | 'danger' | 'warning' | 'tile' | 'key' | 'ghost';
  disabled?: boolean;
  label?: string;
  testId?: string;
  className?: string;
  selected?: boolean;
}

export function TouchButton(p: TouchButtonProps) {
  const [pressed, setPressed] = useState(false);
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const lastAt = useRef(0);

  const activate = () => {
    const now = performance.now();
    if (busy.current || p.disabled || now - lastAt.current < DOUBLE_TAP_GUARD_MS) return;
    lastAt.current = now;
    const out = p.onPress();
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      busy.current = true;
      setPending(true);
      void (out as Promise<unknown>).finally(() => {
        busy.current = false;
        setPending(false);
        setPressed(false);
      });
    }
  };

  const cls = ['btn', `btn-${p.variant ?? 'secondary'}`, p.className ?? ''].join(' ').trim();
  return (
    <button
      type="button"
      className={cls}
      data-pressed={pressed || pending ? 'true' : undefined}
      data-pending={pending ? 'true' : undefined}
      data-testid={p.testId}
      aria-label={p.label}
      aria-busy={pending}
      aria-pressed={p.selected}
      disabled={p.disabled}
      onPointerDown={() => setPressed(true)}
      onPointerUp={() => !busy.current && setPressed(false)}
      onPointerLeave={() => !busy.current && setPressed(false)}
      onPointerCancel={() => !busy.current && setPressed(false)}
      onClick={activate}
    >
      {pending ? <span className="spinner" aria-hidden="true" /> : null}
      <span className="btn-content">{p.children}</span>
    </button>
  );
}
