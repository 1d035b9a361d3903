// Minimal ANSI colouring for plain output; a no-op when colour is off (NO_COLOR, not a TTY, --no-color).
const CODES = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
} as const;
export type Style = keyof typeof CODES;

export const paint = (on: boolean, style: Style, text: string): string =>
  on ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text;
