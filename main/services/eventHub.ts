/** Fan-out of service events to every subscriber (hosts, CLI progress bars, tests). */
import type { StudioEvent } from '../../contract/events';
import { parseEvent } from '../../contract/validate';

export type EventListener = (event: StudioEvent) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks the payload against its schema first: a malformed event is a bug here, not at the client. */
  emit(event: StudioEvent): void {
    const checked = parseEvent(event.type, event.payload);
    for (const listener of this.listeners) {
      try {
        listener(checked);
      } catch {
        // One broken subscriber (e.g. a closed socket) must not starve the others.
      }
    }
  }
}
