/**
 * The docked panel area (dockview): tabs, splits, drag, maximize, floating groups. The layout is
 * saved in localStorage on every change and restored on load; "Reset layout" rebuilds the default.
 * Panels read the studio context (state/StudioContext); this file only hosts them.
 */
import { DockviewReact, themeDark, themeLight, type DockviewApi, type DockviewReadyEvent, type IDockviewHeaderActionsProps, type IDockviewPanelProps } from 'dockview-react';
import 'dockview-react/dist/styles/dockview.css';
import { useEffect, useRef, type FunctionComponent } from 'react';
import { useStudioContext } from '../state/StudioContext';
import { DOCK_PANEL_IDS, DOCK_PANELS, type DockPanelId } from './DockPanels';
import { buildDefaultLayout, openPanel, restoreLayout, saveLayout } from './dockLayout';
import './panels.css';

const components: Record<string, FunctionComponent<IDockviewPanelProps>> = Object.fromEntries(
  DOCK_PANEL_IDS.map((id) => [id, DOCK_PANELS[id].component as FunctionComponent<IDockviewPanelProps>]),
);

/** Maximize / float buttons at the right of each group's tab bar. */
function GroupActions({ api, containerApi, activePanel, location }: IDockviewHeaderActionsProps) {
  const maximized = api.isMaximized();
  const floating = location?.type === 'floating';
  return (
    <div className="dock-actions">
      <button type="button" title={maximized ? 'restore' : 'maximize'} data-testid="dock-maximize" onClick={() => (maximized ? api.exitMaximized() : api.maximize())}>
        {maximized ? '⤡' : '⤢'}
      </button>
      {!floating && activePanel && (
        <button type="button" title="float this panel" data-testid="dock-float" onClick={() => containerApi.addFloatingGroup(activePanel, { width: 640, height: 460 })}>
          ⧉
        </button>
      )}
    </div>
  );
}

export function StudioWorkspace() {
  const { dock, theme } = useStudioContext();
  const apiRef = useRef<DockviewApi | null>(null);

  useEffect(() => () => void (dock.current = null), [dock]);

  const onReady = (event: DockviewReadyEvent): void => {
    const api = event.api;
    apiRef.current = api;
    if (!restoreLayout(api)) buildDefaultLayout(api);
    api.onDidLayoutChange(() => saveLayout(api));
    dock.current = {
      open: (id) => {
        if ((DOCK_PANEL_IDS as string[]).includes(id)) openPanel(api, id as DockPanelId);
      },
      resetLayout: () => {
        buildDefaultLayout(api);
        saveLayout(api);
      },
    };
  };

  return (
    <div className="studio-workspace" data-testid="studio-workspace">
      <DockviewReact
        components={components}
        onReady={onReady}
        theme={theme === 'dark' ? themeDark : themeLight}
        rightHeaderActionsComponent={GroupActions}
        getTabContextMenuItems={() => ['maximize', 'float', 'separator', 'close', 'closeOthers']}
        floatingGroupBounds="boundedWithinViewport"
      />
    </div>
  );
}
