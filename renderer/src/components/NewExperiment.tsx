/** "New experiment": the paper's presets and the start form (one record, remembered across reloads). */
import { useEffect, useState } from 'react';
import { useStudioContext } from '../state/StudioContext';
import { FORM_PRESETS } from '../state/formPresets';
import { DEFAULT_FIELDS, loadStoredFields, saveFields } from '../state/startForm';
import { StartTrainingForm } from './StartTrainingForm';
import type { StartFields } from './startSpec';

export function NewExperiment() {
  const { startExperiment, dispatch, openPanel, ws } = useStudioContext();
  // The form as left last time; the first time, the default preset (the paper's Fig. 6 story).
  const [fields, setFields] = useState<StartFields>(() => loadStoredFields() ?? FORM_PRESETS.find((p) => p.isDefault)?.fields ?? DEFAULT_FIELDS);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => saveFields(fields), [fields]);
  // A recipe picked in the run browser fills the form.
  useEffect(() => {
    const preset = FORM_PRESETS.find((p) => p.id === ws.presetRequest?.presetId);
    if (!preset) return;
    setFields(preset.fields);
    setNote(preset.description);
  }, [ws.presetRequest]);

  return (
    <div className="new-experiment">
      <div className="presets" data-testid="presets">
        <span className="status-line">Presets:</span>
        {FORM_PRESETS.map((p) => (
          <button key={p.id} type="button" title={p.description} data-testid={`preset-${p.id}`} onClick={() => {
            setFields(p.fields);
            setNote(p.description);
          }}>
            {p.title}
          </button>
        ))}
      </div>
      {note && <p className="status-line preset-note">{note}</p>}
      <StartTrainingForm
        fields={fields}
        onChange={(f) => {
          setFields(f);
          setNote(null);
        }}
        onStart={async (spec) => {
          const started = await startExperiment(spec);
          if (started.batchId !== null) {
            dispatch({ type: 'selectBatch', batchId: started.batchId });
            openPanel('batch');
          } else openPanel('jobs');
        }}
      />
    </div>
  );
}
