/**
 * Catches a render error inside one panel so it cannot blank the whole studio: the panel shows
 * the error and a "Retry" button (which re-mounts its children); every other panel keeps working.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Shown in the message ("The Spectrum panel failed: …"). */
  readonly title: string;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | null;
  /** Bumped by Retry so the children mount afresh instead of reusing the broken tree. */
  readonly attempt: number;
}

export class PanelErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`panel "${this.props.title}" failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <div className="panel-error" role="alert" data-testid="panel-error">
          <p>
            The {this.props.title} panel failed: <code>{error.message}</code>
          </p>
          <p className="status-line">The other panels are unaffected.</p>
          <button type="button" data-testid="panel-retry" onClick={() => this.setState({ error: null, attempt: attempt + 1 })}>
            Retry
          </button>
        </div>
      );
    }
    return <ErrorKey key={attempt}>{this.props.children}</ErrorKey>;
  }
}

/** A keyed wrapper: changing its key re-mounts the panel's content on Retry. */
function ErrorKey({ children }: { readonly children: ReactNode }) {
  return <>{children}</>;
}
