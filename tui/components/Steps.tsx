// @jsxRuntime automatic
// @jsxImportSource react
// The steps of `up` / `down` as they happen: running ones with their progress, finished ones with durations.
import { Box, Text } from 'ink';
import { formatDuration } from '../../src/events/format.js';
import type { StepView } from '../../src/events/reducer.js';
import { useTheme } from '../theme.js';

export function Steps(p: { readonly steps: readonly StepView[]; readonly height: number; readonly now: number }) {
  const t = useTheme().tokens;
  if (p.height <= 0) return null;
  // Running and failed steps first matter most; then the most recent finished ones.
  const shown = p.steps.slice(Math.max(0, p.steps.length - p.height));
  return (
    <Box flexDirection="column" height={shown.length}>
      {shown.map((s) => {
        const [symbol, tone] = s.state === 'ok' ? ['✔', t.ok] : s.state === 'failed' ? ['✖', t.bad] : ['◐', t.progress];
        const time = formatDuration(s.durationMs ?? Math.max(0, p.now - s.startedAt));
        const msg = s.message
          ? ` · ${s.message}${s.fraction !== undefined && s.state === 'running' ? ` ${Math.round(s.fraction * 100)}%` : ''}`
          : '';
        return (
          <Text key={s.id} wrap="truncate-end">
            <Text color={tone}>{symbol}</Text> {s.title}{' '}
            <Text color={t.muted}>
              ({time}){msg}
            </Text>
          </Text>
        );
      })}
    </Box>
  );
}
