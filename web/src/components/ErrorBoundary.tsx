import { Component, type ReactNode } from 'react';
import i18n from '../i18n.ts';

/** The one error boundary of the app: shows the message and a reload button instead of a white page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page-message error" role="alert">
        <p>{i18n.t('error.generic', { message: this.state.error.message })}</p>
        <button type="button" onClick={() => location.reload()}>
          {i18n.t('error.reload')}
        </button>
      </div>
    );
  }
}
