// Text and number fields with the on-screen keyboard or numeric pad. The reason a value is wrong
// is shown next to the field, in the operator's language, as they type. The input stays a real
// input so a hardware keyboard or scanner also works; inputMode="none" keeps the OS keyboard away.
import { useEffect, useId, useRef } from 'react';
import { useKeyboard, type KeyboardKind } from '../stores/keyboard-store';

export interface FieldProps {
  label: string;
  value: string;
  onChange(v: string): void;
  error?: string | null;
  kind?: KeyboardKind;
  multiline?: boolean;
  testId?: string;
  placeholder?: string;
}

export function Field(p: FieldProps) {
  const id = useId();
  const kind = p.kind ?? 'text';
  const valueRef = useRef(p.value);
  valueRef.current = p.value;
  const changeRef = useRef(p.onChange);
  changeRef.current = p.onChange;
  const open = useKeyboard((s) => s.open);
  const active = useKeyboard((s) => s.target?.fieldId === id);
  const close = useKeyboard((s) => s.close);
  // A field that goes away (dialog closed, screen changed) takes its keyboard with it.
  useEffect(() => () => close(id), [close, id]);

  const focus = () => {
    open({ fieldId: id, kind, edit: (fn) => changeRef.current(fn(valueRef.current)) });
    // once the docked keyboard has taken its space, bring the field back into view above it
    requestAnimationFrame(() => document.getElementById(id)?.scrollIntoView({ block: 'center' }));
  };

  // Leaving the field for another control puts the keyboard away, a moment later so the layout
  // does not move under the finger that is still tapping that control. OSK keys never take focus.
  const blur = () => {
    window.setTimeout(() => {
      if (document.activeElement?.id !== id) close(id);
    }, 250);
  };

  const common = {
    id,
    value: p.value,
    'aria-invalid': p.error ? true : undefined,
    'aria-describedby': p.error ? `${id}-err` : undefined,
    'data-testid': p.testId,
    placeholder: p.placeholder,
    inputMode: 'none' as const,
    onFocus: focus,
    onBlur: blur,
    onPointerDown: focus,
  };
  return (
    <div className={`field ${active ? 'field-active' : ''} ${p.error ? 'field-invalid' : ''}`}>
      <label htmlFor={id}>{p.label}</label>
      {p.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => p.onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" autoComplete="off" onChange={(e) => p.onChange(kind === 'number' ? e.target.value.replace(/[^0-9]/g, '') : e.target.value)} />
      )}
      {p.error ? (
        <div className="field-error" id={`${id}-err`} role="alert">
          {p.error}
        </div>
      ) : null}
    </div>
  );
}
