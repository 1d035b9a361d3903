// Colouring lives with the event renderers (events/paint.ts), which the event layer may not import from cli/;
// the CLI's own messages use the same one.
export { paint, type Style } from '../events/paint.js';
