import type { AlertChannel } from '../delivery/alert-channel.js';
import type { TargetId } from '../model/target.js';

/** What kind of message a platform accepted. */
export type MessageKind = 'alert' | 'reminder' | 'digest' | 'notice';

/**
 * The channels as the outbox sees them, each telling `accepted` about every message its
 * platform took. The outbox's DrainReport only counts, without targets, so this is the one
 * place that knows which platform a delivered message went to (for per-platform metrics).
 * Optional methods stay absent when the channel lacks them: the outbox asks "can you?".
 */
export function observedChannels(channels: AlertChannel[], accepted: (target: TargetId, kind: MessageKind) => void): AlertChannel[] {
  return channels.map((channel) => {
    const told =
      <A extends unknown[]>(kind: MessageKind, method: (target: TargetId, ...rest: A) => Promise<void>) =>
      async (target: TargetId, ...rest: A): Promise<void> => {
        await method.call(channel, target, ...rest);
        accepted(target, kind);
      };
    const observed: AlertChannel = {
      name: channel.name,
      serves: (target) => channel.serves(target),
      send: told('alert', channel.send),
    };
    if (channel.sendReminder) observed.sendReminder = told('reminder', channel.sendReminder);
    if (channel.sendDigest) observed.sendDigest = told('digest', channel.sendDigest);
    if (channel.sendNotice) observed.sendNotice = told('notice', channel.sendNotice);
    if (channel.wasDelivered) observed.wasDelivered = channel.wasDelivered.bind(channel);
    return observed;
  });
}
