/**
 * Electron fuses for a packaged studio (flipped in the binary at packaging time with
 * `@electron/fuses` — installable, v2.1.3 — by the packaging step; this repository has no packaging
 * step yet, and flipping the fuses of node_modules/electron would break `npm start`).
 * Keys are the @electron/fuses FuseV1Options names.
 */
export const STUDIO_FUSES = {
  /** ELECTRON_RUN_AS_NODE must not turn the app into a plain Node. */
  RunAsNode: false,
  EnableCookieEncryption: true,
  /** NODE_OPTIONS / --inspect must not inject code into the packaged app. */
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  /** Load the app only from its (integrity-checked) app.asar. */
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  /** The studio needs no file:// privileges (it runs from app://). */
  GrantFileProtocolExtraPrivileges: false,
} as const;
