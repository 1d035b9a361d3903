// @jsxRuntime automatic
// @jsxImportSource react
// `?`: the keys.
import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';

export const KEYS: readonly (readonly [string, string])[] = [
  ['↑ ↓  j k', 'move the selection'],
  ['PgUp PgDn g G', 'page, first, last'],
  ['Enter', 'follow the logs of the selected resource (Enter or Esc: back)'],
  ['r', 'restart the selected service'],
  ['?', 'this help (any key: back)'],
  ['q  Esc  Ctrl-C', 'quit the dashboard; the environment keeps running'],
];

export function Help(p: { readonly width: number; readonly height: number }) {
  const t = useTheme().tokens;
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <Text bold>keys</Text>
      {KEYS.map(([k, v]) => (
        <Text key={k} wrap="truncate-end">
          <Text color={t.key}>{k.padEnd(16)}</Text>
          {v}
        </Text>
      ))}
    </Box>
  );
}

export function Footer(p: {
  readonly message?: string;
  readonly messageTone?: 'ok' | 'bad';
  readonly position?: string;
  readonly width: number;
}) {
  const t = useTheme().tokens;
  return (
    <Box width={p.width}>
      <Text wrap="truncate-end">
        {p.message ? <Text color={p.messageTone === 'bad' ? t.bad : t.ok}>{p.message} </Text> : null}
        {p.position ? <Text color={t.accent}>{p.position} · </Text> : null}
        <Text color={t.muted}>↑↓ move · ⏎ logs · r restart · ? help · q quit</Text>
      </Text>
    </Box>
  );
}
