// The engine's types (fields, constraints, rules, findings' evaluator) are part of
// the schema every KlingRegistry user sees.
@_exported import KlingEngine
