// The docked on-screen keyboard: letters for text fields, a numeric pad for number fields. Keys
// are 64 px touch targets and never take focus away from the field they type into.
import { useEffect, useState } from 'react';
import { useKeyboard } from '../stores/keyboard-store';
import { useT } from '../i18n/i18n';

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl-', 'zxcvbnm,.?'];
const NUM_ROWS = ['789', '456', '123'];

function Key(props: { label: string; onKey(): void; wide?: boolean; name?: string }) {
  return (
    <button
      type="button"
      className={`key ${props.wide ? 'key-wide' : ''}`}
      aria-label={props.name ?? props.label}
      // pointerdown + preventDefault: the field keeps focus and the key acts at once
      onPointerDown={(e) => {
        e.preventDefault();
        props.onKey();
      }}
      onClick={(e) => {
        // keyboard/assistive activation (no pointer): still type
        if (e.detail === 0) props.onKey();
      }}
    >
      {props.label}
    </button>
  );
}

export function OnScreenKeyboard() {
  const t = useT();
  const target = useKeyboard((s) => s.target);
  const close = useKeyboard((s) => s.close);
  const [shift, setShift] = useState(false);
  const kind = target?.kind ?? null;
  // While the keyboard is docked, the page and any dialog make room for it (theme.css, data-osk).
  useEffect(() => {
    if (kind) document.body.dataset.osk = kind;
    else delete document.body.dataset.osk;
  }, [kind]);
  if (!target) return null;
  const type = (ch: string) => target.edit((v) => v + ch);
  const cased = (ch: string) => (shift ? ch.toUpperCase() : ch);
  const back = () => target.edit((v) => v.slice(0, -1));
  const rows = target.kind === 'number' ? NUM_ROWS : ROWS;
  return (
    <div className={`osk osk-${target.kind}`} role="group" aria-label={t('keyboard.label')} data-testid="osk">
      {rows.map((r) => (
        <div className="osk-row" key={r}>
          {[...r].map((ch) => (
            <Key key={ch} label={cased(ch)} onKey={() => type(cased(ch))} />
          ))}
        </div>
      ))}
      <div className="osk-row">
        {target.kind === 'text' ? <Key label={shift ? 'abc' : 'ABC'} name={t('keyboard.shift')} onKey={() => setShift(!shift)} /> : null}
        {target.kind === 'text' ? <Key label={t('keyboard.space')} wide onKey={() => type(' ')} /> : <Key label="0" onKey={() => type('0')} />}
        <Key label="⌫" name={t('keyboard.backspace')} onKey={back} />
        <Key label={t('keyboard.done')} wide onKey={() => close()} />
      </div>
    </div>
  );
}
