// The terminal configuration: the documented sample loads as is, environment variables win over
// the file, and bad values are refused with the key and the reason.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV_KEYS, loadTerminalConfig, readConfigFile } from '../../electron/core/host/terminal-config';
import { parseCoreConfig } from '../../electron/core/config';
import { machineConfig } from '../../electron/core/machine/config';
import { cleanTempDirs, tempDir } from '../support/tmp';

afterAll(cleanTempDirs);

const SAMPLE = resolve('resources/config.sample.json');

function withFile(content: unknown): string {
  const file = join(tempDir('cfg-'), 'config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('terminal config', () => {
  it('defaults: loopback bridge, kiosk window, no central', () => {
    const c = loadTerminalConfig({ env: { SHOPFLOOR_DATA_DIR: tempDir('empty-') } });
    expect(c).toMatchObject({ centralUrl: null, locale: 'en', window: { mode: 'kiosk' }, bridge: { host: '127.0.0.1', port: 5180 } });
  });

  it('the documented sample loads, and its sections pass their owners\' schemas', () => {
    const c = loadTerminalConfig({ env: { SHOPFLOOR_CONFIG: SAMPLE } });
    expect(c.centralUrl).toMatch(/^postgres:\/\//);
    expect(c.window.mode).toBe('kiosk');
    // `_comment` keys are documentation, not settings.
    expect(JSON.stringify(c)).not.toContain('_comment');
    expect(() => parseCoreConfig(c.core)).not.toThrow();
    expect(machineConfig(c.machine as never).host).toBe('127.0.0.1');
  });

  it('documents every environment variable in the sample', () => {
    const sample = JSON.stringify(readConfigFile(SAMPLE));
    for (const name of Object.keys(ENV_KEYS)) expect(sample, name).toContain(name);
  });

  it('a packaged default data dir applies only when nothing names one, and is where config.json is read', () => {
    const appData = tempDir('userdata-');
    writeFileSync(join(appData, 'config.json'), JSON.stringify({ locale: 'de' }));
    expect(loadTerminalConfig({ env: {}, defaultDataDir: appData })).toMatchObject({ dataDir: appData, locale: 'de' });
    const named = tempDir('named-');
    expect(loadTerminalConfig({ env: { SHOPFLOOR_DATA_DIR: named }, defaultDataDir: appData }).dataDir).toBe(named);
    const file = withFile({ dataDir: '/srv/terminal' });
    expect(loadTerminalConfig({ env: { SHOPFLOOR_CONFIG: file }, defaultDataDir: appData }).dataDir).toBe('/srv/terminal');
  });

  it('environment variables win over the file', () => {
    const file = withFile({ locale: 'de', bridge: { port: 6000 }, window: { mode: 'kiosk' } });
    const c = loadTerminalConfig({
      env: { SHOPFLOOR_CONFIG: file, SHOPFLOOR_LOCALE: 'nl', SHOPFLOOR_BRIDGE_PORT: '7001', SHOPFLOOR_WINDOW_MODE: 'windowed', SHOPFLOOR_MACHINE_PORT: '9001' },
    });
    expect(c).toMatchObject({ locale: 'nl', bridge: { port: 7001, host: '127.0.0.1' }, window: { mode: 'windowed' }, machine: { port: 9001 } });
  });

  it('refuses bad values naming the key and the reason', () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ SHOPFLOOR_BRIDGE_PORT: 'eighty' }, /SHOPFLOOR_BRIDGE_PORT: "eighty" is not a whole number/],
      [{ SHOPFLOOR_BRIDGE_PORT: '70000' }, /config bridge\.port: /],
      [{ SHOPFLOOR_WINDOW_MODE: 'maximised' }, /config window\.mode: /],
      [{ SHOPFLOOR_LOCALE: 'fr' }, /config locale: /],
      [{ SHOPFLOOR_CENTRAL_URL: 'mysql://x' }, /config centralUrl: must start with postgres:\/\//],
      [{ SHOPFLOOR_CONFIG: '/nonexistent/config.json' }, /SHOPFLOOR_CONFIG: file \/nonexistent\/config.json does not exist/],
      [{ SHOPFLOOR_CONFIG: withFile('{"locale": ') }, /config file .*config.json: /],
      [{ SHOPFLOOR_CONFIG: withFile('[1,2]') }, /must contain a JSON object/],
    ];
    for (const [env, message] of cases) expect(() => loadTerminalConfig({ env }), JSON.stringify(env)).toThrow(message);
  });
});
