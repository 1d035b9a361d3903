// One theme of semantic tokens: components ask for "bad" or "muted", never for "red". Without colour
// (NO_COLOR, --no-color) every token is undefined and states stay readable through their symbols and words.
import { createContext, useContext } from 'react';
import type { StateTone } from '../src/events/format.js';

export type Token = StateTone | 'warn' | 'accent' | 'title' | 'key';

export interface Theme {
  readonly color: boolean;
  readonly tokens: Readonly<Record<Token, string | undefined>>;
}

const PALETTE: Readonly<Record<Token, string>> = {
  ok: 'green',
  progress: 'cyan',
  bad: 'red',
  muted: 'gray',
  warn: 'yellow',
  accent: 'blue',
  title: 'magenta',
  key: 'cyan',
};

export const makeTheme = (color: boolean): Theme => ({
  color,
  tokens: Object.fromEntries(Object.entries(PALETTE).map(([k, v]) => [k, color ? v : undefined])) as Record<
    Token,
    string | undefined
  >,
});

/** NO_COLOR (any value, https://no-color.org) or TERM=dumb turns colour off. */
export const colorFromEnv = (env: Readonly<Record<string, string | undefined>>): boolean =>
  env.NO_COLOR === undefined && env.TERM !== 'dumb';

export const ThemeContext = createContext<Theme>(makeTheme(false));
export const useTheme = (): Theme => useContext(ThemeContext);
/** The colour of a token, for a `color` prop. */
export const useTone = (t: Token): string | undefined => useTheme().tokens[t];
