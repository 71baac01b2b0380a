// Topic handling for MQTT, pure: matching an MQTT filter, reading the resource out of an ISA-95
// topic (`{enterprise}/{site}/{area}/{cell}/{resource}/…`) or a Sparkplug B-style topic
// (`spBv1.0/<group>/DDATA/<edge node>/<device>`), and filling a publisher's topic pattern.

/** MQTT filter match with `+` (one level) and `#` (the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

export interface SparkplugTopic {
  group: string;
  edgeNode: string;
  device: string;
}

export function parseSparkplugTopic(topic: string): SparkplugTopic | null {
  const p = topic.split('/');
  if (p.length !== 5 || p[0] !== 'spBv1.0' || p[2] !== 'DDATA') return null;
  return { group: p[1]!, edgeNode: p[3]!, device: p[4]! };
}

/** A level value for a topic: no separators or wildcards, never empty. */
export function topicLevel(v: string | null | undefined): string {
  const clean = (v ?? '').trim().replace(/[/+#\s]+/g, '_');
  return clean.length > 0 ? clean : '_';
}

/**
 * Fills `{placeholder}`s; unknown placeholders become `_` so a topic never has an empty level.
 * Placeholders named in `multiLevel` may span levels ('/' kept, each level cleaned).
 */
export function fillTopic(pattern: string, values: Record<string, string | null | undefined>, multiLevel: readonly string[] = ['event']): string {
  return pattern.replace(/\{(\w+)\}/g, (_, k: string) =>
    multiLevel.includes(k) ? (values[k] ?? '').split('/').map(topicLevel).join('/') : topicLevel(values[k]),
  );
}
