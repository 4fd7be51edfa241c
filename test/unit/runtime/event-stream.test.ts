import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  ReconnectingEventStream,
  parseContainerEvent,
  type ContainerEvent,
  type EventFeedConnect,
} from '../../../electron/core/runtime/event-stream';

const dockerDie = {
  status: 'die',
  id: 'abc123',
  from: 'example/fetch:1',
  Type: 'container',
  Action: 'die',
  Actor: { ID: 'abc123', Attributes: { exitCode: '137', image: 'example/fetch:1', name: 'fetch', 'mcpdesk.io/name': 'fetch', team: 'tools' } },
  scope: 'local',
  time: 1700000000,
  timeNano: 1700000000123456789,
};

/** A connect function scripted per attempt: 'fail' rejects, a PassThrough is handed out as the feed. */
function scriptedConnect(script: ('fail' | PassThrough)[]): { connect: EventFeedConnect; calls: AbortSignal[] } {
  const calls: AbortSignal[] = [];
  const connect: EventFeedConnect = async (signal) => {
    calls.push(signal);
    const step = script.shift();
    if (step === undefined) return new Promise(() => {}); // later attempts hang: the test is over
    if (step === 'fail') throw Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' });
    signal.addEventListener('abort', () => step.destroy());
    return step;
  };
  return { connect, calls };
}

/** Runs retries at once and records the delays asked for. */
function immediateSchedule(delays: number[]) {
  return (retry: () => void, delayMs: number) => {
    delays.push(delayMs);
    setImmediate(retry);
    return () => undefined;
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('parseContainerEvent', () => {
  it('reads a Docker die event with its exit code, name and labels', () => {
    expect(parseContainerEvent(dockerDie)).toEqual({
      action: 'die',
      name: 'fetch',
      id: 'abc123',
      exitCode: 137,
      time: new Date(1700000000123),
      labels: { 'mcpdesk.io/name': 'fetch', team: 'tools' },
    });
  });

  it("reads Podman's containerExitCode", () => {
    const podman = { ...dockerDie, Actor: { ID: 'abc123', Attributes: { containerExitCode: '2', name: 'fetch', 'mcpdesk.io/name': 'fetch' } } };
    expect(parseContainerEvent(podman)?.exitCode).toBe(2);
  });

  it("calls Podman's remove destroy, as Docker does", () => {
    expect(parseContainerEvent({ ...dockerDie, Action: 'remove', status: 'remove' })?.action).toBe('destroy');
  });

  it('splits an action with a detail', () => {
    const health = { ...dockerDie, Action: 'health_status: unhealthy', status: 'health_status: unhealthy' };
    expect(parseContainerEvent(health)).toMatchObject({ action: 'health_status', detail: 'unhealthy' });
    expect(parseContainerEvent(health)?.exitCode).toBeUndefined();
  });

  it('ignores events of containers that are not ours and events that are not about containers', () => {
    expect(parseContainerEvent({ ...dockerDie, Actor: { ID: 'x', Attributes: { name: 'other' } } })).toBeUndefined();
    expect(parseContainerEvent({ ...dockerDie, Type: 'network' })).toBeUndefined();
    expect(parseContainerEvent('nonsense')).toBeUndefined();
  });
});

describe('ReconnectingEventStream', () => {
  it('delivers events whose JSON lines arrive cut across chunks', async () => {
    const feed = new PassThrough();
    const stream = new ReconnectingEventStream(scriptedConnect([feed]).connect);
    const events: ContainerEvent[] = [];
    stream.on('event', (e) => events.push(e));
    await tick();
    const line = `${JSON.stringify(dockerDie)}\n${JSON.stringify({ ...dockerDie, Action: 'destroy', status: 'destroy' })}\n`;
    feed.write(line.slice(0, 25));
    feed.write(line.slice(25, 400));
    feed.write(line.slice(400));
    await tick();
    expect(events.map((e) => e.action)).toEqual(['die', 'destroy']);
    stream.close();
  });

  it('skips a line that is not JSON and keeps going', async () => {
    const feed = new PassThrough();
    const stream = new ReconnectingEventStream(scriptedConnect([feed]).connect);
    const events: ContainerEvent[] = [];
    stream.on('event', (e) => events.push(e));
    await tick();
    feed.write(`{"torn\n${JSON.stringify(dockerDie)}\n`);
    await tick();
    expect(events).toHaveLength(1);
    stream.close();
  });

  it('keeps trying with doubling delays up to the cap until the engine answers, then says connected', async () => {
    const feed = new PassThrough();
    const { connect, calls } = scriptedConnect(['fail', 'fail', 'fail', 'fail', 'fail', feed]);
    const delays: number[] = [];
    const stream = new ReconnectingEventStream(connect, { backoff: { initialMs: 250, maxMs: 1000 }, schedule: immediateSchedule(delays) });
    const signals: string[] = [];
    stream.on('disconnected', () => signals.push('disconnected'));
    stream.on('connected', () => signals.push('connected'));
    stream.on('reconnected', () => signals.push('reconnected'));
    await tick();
    expect(calls).toHaveLength(6);
    expect(delays).toEqual([250, 500, 1000, 1000, 1000]);
    expect(signals).toEqual(['disconnected', 'connected']);
    stream.close();
  });

  it('says disconnected once per outage and reconnected when the feed is back, with the backoff reset', async () => {
    const first = new PassThrough();
    const second = new PassThrough();
    const third = new PassThrough();
    const { connect } = scriptedConnect([first, 'fail', 'fail', second, third]);
    const delays: number[] = [];
    const stream = new ReconnectingEventStream(connect, { backoff: { initialMs: 10, maxMs: 100 }, schedule: immediateSchedule(delays) });
    const signals: string[] = [];
    const reasons: string[] = [];
    stream.on('connected', () => signals.push('connected'));
    stream.on('disconnected', (reason) => {
      signals.push('disconnected');
      reasons.push(reason.message);
    });
    stream.on('reconnected', () => signals.push('reconnected'));
    const events: ContainerEvent[] = [];
    stream.on('event', (e) => events.push(e));
    await tick();
    first.end(); // the engine went away (dockerd restarted)
    await tick();
    expect(signals).toEqual(['connected', 'disconnected', 'reconnected']);
    expect(reasons).toEqual(['the engine closed the event feed']);
    second.write(`${JSON.stringify(dockerDie)}\n`);
    await tick();
    expect(events).toHaveLength(1);
    second.destroy(new Error('socket hang up'));
    await tick();
    expect(signals).toEqual(['connected', 'disconnected', 'reconnected', 'disconnected', 'reconnected']);
    expect(delays).toEqual([10, 20, 40, 10]);
    stream.close();
  });

  it('stops for good on close: the feed is aborted, nothing more is emitted, no reconnect', async () => {
    const feed = new PassThrough();
    const { connect, calls } = scriptedConnect([feed, new PassThrough()]);
    const stream = new ReconnectingEventStream(connect, { backoff: { initialMs: 1, maxMs: 1 } });
    const signals: string[] = [];
    stream.on('disconnected', () => signals.push('disconnected'));
    await tick();
    stream.close();
    await tick();
    await tick();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.aborted).toBe(true);
    expect(feed.destroyed).toBe(true);
    expect(signals).toEqual([]);
    expect(stream.closed).toBe(true);
  });

  it('stops retrying when closed while waiting to reconnect', async () => {
    const { connect, calls } = scriptedConnect(['fail', 'fail', 'fail']);
    const stream = new ReconnectingEventStream(connect, { backoff: { initialMs: 20, maxMs: 20 } });
    await tick();
    expect(calls).toHaveLength(1);
    stream.close();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toHaveLength(1);
  });
});
