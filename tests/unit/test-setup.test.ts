// npm test's first step: what it does on a fresh machine, for each way the machine can be.
import { describe, expect, it } from 'vitest';
import { gatherFacts, planSetup, runSetup, type SetupFacts } from '../../scripts/test-setup.ts';

const fresh: SetupFacts = {
  chromiumPath: undefined,
  redisServerPath: undefined,
  chromiumFound: false,
  redisFound: false,
  isRoot: false,
  sudoWithoutPassword: false,
  hasAptGet: true,
};

describe('test setup', () => {
  it('does nothing when chromium and redis-server are there', () => {
    expect(planSetup({ ...fresh, chromiumFound: true, redisFound: true })).toEqual({ action: 'none' });
  });

  it('installs what is missing with apt-get as root (CI), or with sudo -n', () => {
    expect(planSetup({ ...fresh, isRoot: true })).toEqual({
      action: 'install',
      packages: ['chromium', 'redis-server'],
      sudo: false,
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium', 'redis-server'],
      ],
    });
    const plan = planSetup({ ...fresh, chromiumFound: true, sudoWithoutPassword: true });
    expect(plan).toMatchObject({ action: 'install', packages: ['redis-server'], sudo: true });
    expect(plan.action === 'install' && plan.commands[1]).toEqual([
      'sudo',
      '-n',
      'apt-get',
      'install',
      '-y',
      '--no-install-recommends',
      'redis-server',
    ]);
  });

  it('otherwise stops at once with the exact command to run', () => {
    const plan = planSetup(fresh);
    expect(plan.action).toBe('stop');
    expect(plan.action === 'stop' && plan.message).toContain(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium redis-server',
    );
    const lines: string[] = [];
    expect(runSetup(plan, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain('apt-get install');
  });

  it('says clearly when CHROMIUM_PATH or REDIS_SERVER point nowhere, or there is no apt-get', () => {
    expect(planSetup({ ...fresh, chromiumPath: '/nope/chrome', isRoot: true })).toMatchObject({
      action: 'stop',
      message: expect.stringContaining('CHROMIUM_PATH=/nope/chrome'),
    });
    expect(planSetup({ ...fresh, chromiumFound: true, redisServerPath: '/nope/redis', isRoot: true })).toMatchObject({
      action: 'stop',
      message: expect.stringContaining('REDIS_SERVER=/nope/redis'),
    });
    expect(planSetup({ ...fresh, hasAptGet: false, isRoot: true })).toMatchObject({
      action: 'stop',
      message: expect.stringContaining('no apt-get'),
    });
  });

  it('finds the programs of this machine', () => {
    const facts = gatherFacts({ PATH: process.env.PATH, CHROMIUM_PATH: '/definitely/not/here' });
    expect(facts.chromiumFound).toBe(false);
    expect(planSetup(facts).action).toBe('stop');
  });
});
