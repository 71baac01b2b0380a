// The last line of defence against a blank kiosk: a render error anywhere below shows a
// recoverable screen instead of an empty window. Drafts live in the zustand store, outside the
// tree, so "Try again" re-renders the app with everything the operator typed.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { translate, useLocale } from '../i18n/i18n';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('renderer error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    const locale = useLocale.getState().locale;
    return (
      <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="crash-title" data-testid="screen-crash">
        <h1 id="crash-title">{translate(locale, 'crash.title')}</h1>
        <p>{translate(locale, 'crash.text')}</p>
        <p className="muted">{this.state.error.message}</p>
        <button type="button" className="btn btn-primary" onClick={() => this.setState({ error: null })} data-testid="crash-retry">
          {translate(locale, 'unreachable.retry')}
        </button>
      </div>
    );
  }
}
