/** The top bar's "? Help" button and its dialog (guided tour, classes, units). */
import { useState } from 'react';
import { HelpDialog } from './HelpDialog';

export function HelpButton({ onOpenPanel }: { onOpenPanel(panelId: string): void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" data-testid="help-button" title="guided tour, what each class means, units" onClick={() => setOpen(true)}>
        ? Help
      </button>
      <HelpDialog
        open={open}
        onClose={() => setOpen(false)}
        onOpenPanel={(id) => {
          setOpen(false);
          onOpenPanel(id);
        }}
      />
    </>
  );
}
