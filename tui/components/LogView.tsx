// @jsxRuntime automatic
// @jsxImportSource react
// Enter on a row: the selected resource's log, following (the newest lines at the bottom).
import { Box, Text } from 'ink';
import type { ResourceView } from '../../src/events/reducer.js';
import { useTheme } from '../theme.js';

export function LogView(p: {
  readonly resource: ResourceView | undefined;
  readonly width: number;
  readonly height: number;
}) {
  const t = useTheme().tokens;
  const room = Math.max(0, p.height - 1);
  const logs = p.resource ? p.resource.logs.slice(Math.max(0, p.resource.logs.length - room)) : [];
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <Text bold wrap="truncate-end">
        logs of {p.resource?.name ?? '–'} <Text color={t.muted}>(following · Enter or Esc: back)</Text>
      </Text>
      {logs.length === 0 && <Text color={t.muted}>no log lines yet</Text>}
      {logs.map((l, i) => (
        <Text key={`${l.time}-${i}`} wrap="truncate-end" color={l.stream === 'stderr' ? t.warn : undefined}>
          {l.line}
        </Text>
      ))}
    </Box>
  );
}
