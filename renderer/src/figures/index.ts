/** Pure SVG figures of the 2D panels, shared by the studio (screen + export) and the CLI (`figure`). */
export { COLORMAP_NAMES, colormap, colormapCss, colormapStops, colormapTable, type ColormapName, type Rgb } from './colormaps';
export { HierarchyFigure, KIND_LABELS, type HierarchyFigureProps } from './HierarchyFigure';
export { layoutHierarchy, type HierarchyFigureNode } from './hierarchyLayout';
export { LossCurvesFigure, curvePhases, type CurvePhase, type FigureCurve, type LossCurvesFigureProps } from './LossCurvesFigure';
export { SpectrumFigure, KINK_NOTE, type SpectrumFigureProps } from './SpectrumFigure';
export { WeightSpaceFigure, type WeightSpaceFigureProps } from './WeightSpaceFigure';
export { figureSvg } from './svgString';
export { DARK_THEME, LIGHT_THEME, PRINT_THEME, screenTheme, themeByName, type FigureTheme } from './theme';
