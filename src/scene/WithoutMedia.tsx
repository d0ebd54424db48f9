// Media that cannot be loaded (offline without it, a broken file) leave the panels as they are: text only.
import { Component, type ReactNode } from 'react';

export class WithoutMedia extends Component<{ what: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidCatch(error: unknown): void {
    console.warn(`${this.props.what} could not be loaded; the panels show their text.`, error);
  }
  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}
