// Validators generated from the schema land in Generated/ beside this file;
// they share only the hand-written KlingRuntime with the rest of klingreg.
@_exported import KlingRuntime
