// The large numeric keypad for PINs. Digits show as dots only (a PIN is never displayed, stored
// or logged by the renderer); the value lives in the caller's state and is cleared after submit.
import { TouchButton } from './TouchButton';
import { useT } from '../i18n/i18n';

export interface PinPadProps {
  value: string;
  onChange(v: string): void;
  onSubmit(): void | Promise<unknown>;
  maxLength?: number;
  disabled?: boolean;
}

export function PinPad({ value, onChange, onSubmit, maxLength = 6, disabled }: PinPadProps) {
  const t = useT();
  const press = (d: string) => {
    if (value.length < maxLength) onChange(value + d);
  };
  return (
    <div className="col" style={{ alignItems: 'center' }}>
      <div className="pin-dots" aria-label={t('pin.entered', { n: value.length })} role="status" data-testid="pin-dots">
        {'●'.repeat(value.length) || '\u00a0'}
      </div>
      <div className="pinpad">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <PadKey key={d} digit={d} onDigit={press} disabled={disabled} />
        ))}
        <TouchButton variant="key" label={t('pin.clear')} onPress={() => onChange('')} disabled={disabled} testId="pin-clear">
          C
        </TouchButton>
        <PadKey digit="0" onDigit={press} disabled={disabled} />
        <TouchButton variant="key" label={t('keyboard.backspace')} onPress={() => onChange(value.slice(0, -1))} disabled={disabled}>
          ⌫
        </TouchButton>
      </div>
      <TouchButton variant="primary" onPress={onSubmit} disabled={disabled || value.length < 4} testId="pin-submit" className="pin-ok">
        {t('pin.ok')}
      </TouchButton>
    </div>
  );
}

function PadKey(p: { digit: string; onDigit(d: string): void; disabled?: boolean }) {
  // digits use a plain button: repeated digits (1-1-1-1) must not be eaten by the double-tap guard
  return (
    <button type="button" className="btn btn-key" data-testid={`pin-${p.digit}`} disabled={p.disabled} onClick={() => p.onDigit(p.digit)}>
      {p.digit}
    </button>
  );
}
