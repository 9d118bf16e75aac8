/**
 * Help: a guided tour of the Fig. 6 story, the units, and what each class means. A modal
 * <dialog>; each tour step can open the panel it works in.
 */
import { useEffect, useRef, useState } from 'react';
import { CLASS_HELP, TOUR, UNITS_AND_TERMS } from './helpContent';
import './help.css';

type Tab = 'tour' | 'classes' | 'terms';

interface Props {
  readonly open: boolean;
  onClose(): void;
  /** Opens a dock panel by id (the tour's "Show me"). */
  onOpenPanel(panelId: string): void;
}

export function HelpDialog({ open, onClose, onOpenPanel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [tab, setTab] = useState<Tab>('tour');
  const [step, setStep] = useState(0);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const s = TOUR[step] ?? TOUR[0];
  return (
    <dialog ref={dialog} className="help-dialog" data-testid="help-dialog" onClose={onClose} aria-label="Help">
      <header>
        <h2>Escape Studio help</h2>
        <nav>
          {(['tour', 'classes', 'terms'] as const).map((t) => (
            <button key={t} type="button" className={tab === t ? 'active' : ''} data-testid={`help-tab-${t}`} onClick={() => setTab(t)}>
              {t === 'tour' ? 'Guided tour (Fig. 6)' : t === 'classes' ? 'Classes' : 'Units & terms'}
            </button>
          ))}
        </nav>
        <button type="button" className="close" data-testid="help-close" title="close" onClick={onClose}>
          ✕
        </button>
      </header>
      {tab === 'tour' && (
        <section className="help-tour" data-testid="help-tour">
          <p className="status-line">
            The paper's Fig. 6 in five steps: a width-3 student stuck at a local minimum escapes once one neuron is split (width 4).
          </p>
          <ol className="tour-steps">
            {TOUR.map((t, k) => (
              <li key={t.title} className={k === step ? 'current' : ''}>
                <button type="button" className="link" onClick={() => setStep(k)}>
                  {t.title}
                </button>
              </li>
            ))}
          </ol>
          <article data-testid="tour-step">
            <h3>{s.title}</h3>
            <p>
              <b>Do:</b> {s.action}
            </p>
            <p>
              <b>You should see:</b> {s.expect}
            </p>
          </article>
          <div className="controls">
            <button type="button" disabled={step === 0} onClick={() => setStep(step - 1)} data-testid="tour-back">
              ← Back
            </button>
            <button type="button" className="primary" data-testid="tour-show" onClick={() => onOpenPanel(s.panel)}>
              Show me
            </button>
            <button type="button" disabled={step === TOUR.length - 1} onClick={() => setStep(step + 1)} data-testid="tour-next">
              Next →
            </button>
          </div>
        </section>
      )}
      {tab === 'classes' && (
        <dl className="help-list" data-testid="help-classes">
          {CLASS_HELP.map((c) => (
            <div key={c.id}>
              <dt>
                {c.label} <code>{c.id}</code>
              </dt>
              <dd>{c.meaning}</dd>
            </div>
          ))}
        </dl>
      )}
      {tab === 'terms' && (
        <dl className="help-list" data-testid="help-terms">
          {UNITS_AND_TERMS.map((t) => (
            <div key={t.term}>
              <dt>{t.term}</dt>
              <dd>{t.meaning}</dd>
            </div>
          ))}
        </dl>
      )}
    </dialog>
  );
}
