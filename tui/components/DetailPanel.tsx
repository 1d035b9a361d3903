// @jsxRuntime automatic
// @jsxImportSource react
// What the selected row hides: image and ports in full, env keys (never values), the last health check output,
// the exit reason and the last log lines that fit.
import { Box, Text } from 'ink';
import { formatPorts, stateLabel } from '../../src/events/format.js';
import type { ResourceView } from '../../src/events/reducer.js';
import { useTheme } from '../theme.js';

export interface DetailPanelProps {
  readonly resource: ResourceView | undefined;
  readonly width: number;
  readonly height: number;
}

const rule = (title: string, width: number): string => {
  const head = `── ${title} `;
  return head + '─'.repeat(Math.max(0, width - [...head].length));
};

export function DetailPanel({ resource: r, width, height }: DetailPanelProps) {
  const t = useTheme().tokens;
  if (height <= 0) return null;
  if (!r)
    return (
      <Box height={height} width={width}>
        <Text color={t.muted}>{rule('nothing selected', width)}</Text>
      </Box>
    );
  const label = stateLabel(r);
  const facts: [string, string, string | undefined][] = [];
  facts.push(['image', r.image ?? '–', undefined]);
  const ports = formatPorts(r);
  if (ports)
    facts.push(['ports', r.url && r.ports.length > 0 ? `${r.url}  (${r.ports.join(', ')})` : ports, undefined]);
  facts.push(['env', r.envKeys.length > 0 ? r.envKeys.join(' ') : '–', undefined]);
  if (r.healthOutput !== undefined)
    facts.push([
      'health',
      r.healthOutput.replace(/\s+/g, ' ').trim() || '(empty)',
      r.health === 'unhealthy' ? t.bad : undefined,
    ]);
  if (r.reason !== undefined || r.exitCode !== undefined)
    facts.push([
      r.state === 'exited' || r.state === 'failed' ? 'exit' : 'reason',
      [r.exitCode !== undefined ? `code ${r.exitCode}` : '', r.reason ?? ''].filter(Boolean).join(': '),
      label.tone === 'bad' ? t.bad : undefined,
    ]);
  const logRoom = Math.max(0, height - 1 - facts.length - 1);
  const logs = r.logs.slice(Math.max(0, r.logs.length - logRoom));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end" color={t[label.tone]}>
        {rule(`${r.name} · ${r.kind} · ${label.symbol} ${label.text}`, width)}
      </Text>
      {facts.map(([k, v, color]) => (
        <Text key={k} wrap="truncate-end">
          <Text color={t.muted}>{k.padEnd(7)}</Text>
          <Text color={color}>{v}</Text>
        </Text>
      ))}
      {logRoom > 0 && (
        <Text color={t.muted} wrap="truncate-end">
          {logs.length === 0 ? 'logs   (none yet)' : 'logs'}
        </Text>
      )}
      {logs.map((l, i) => (
        <Text key={`${l.time}-${i}`} wrap="truncate-end" color={l.stream === 'stderr' ? t.warn : undefined}>
          {'  '}
          {l.line}
        </Text>
      ))}
    </Box>
  );
}
