// @jsxRuntime automatic
// @jsxImportSource react
// Environment, target, context, overall state and elapsed time, on one line.
import { Box, Text } from 'ink';
import { formatElapsed } from '../../src/events/format.js';
import type { OverallState, Snapshot } from '../../src/events/reducer.js';
import { useTheme, type Token } from '../theme.js';

const OVERALL: Readonly<Record<OverallState, { symbol: string; tone: Token }>> = {
  idle: { symbol: '○', tone: 'muted' },
  starting: { symbol: '◐', tone: 'progress' },
  ready: { symbol: '●', tone: 'ok' },
  degraded: { symbol: '✖', tone: 'bad' },
  stopped: { symbol: '■', tone: 'muted' },
  done: { symbol: '✔', tone: 'ok' },
  failed: { symbol: '✖', tone: 'bad' },
};

export function Header(props: { readonly snapshot: Snapshot; readonly elapsedMs: number; readonly width: number }) {
  const { snapshot: s, width } = props;
  const t = useTheme().tokens;
  const o = OVERALL[s.state];
  const right = ` ${o.symbol} ${s.state} · ${formatElapsed(props.elapsedMs)}`;
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1} overflow="hidden">
        <Text wrap="truncate-end">
          <Text bold color={t.title}>
            oh-env
          </Text>
          <Text>{s.command ? ` ${s.command}` : ''}</Text>
          <Text bold> {s.env ?? '…'}</Text>
          <Text color={t.accent}> {s.target ?? ''}</Text>
          <Text color={t.muted}> {s.context ?? ''}</Text>
        </Text>
      </Box>
      <Box flexShrink={0}>
        <Text color={t[o.tone]} bold>
          {right}
        </Text>
      </Box>
    </Box>
  );
}
