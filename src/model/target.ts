/**
 * Where messages go, as one string that every store and platform shares:
 *   discord:<guild>:<channel>   slack:<team>:<channel>   (channels)
 *   discord:dm:<user>           slack:<team>:dm:<user>   (direct messages)
 *   console                                              (local runs)
 */
export type TargetId = string;

export function platformOf(target: TargetId): string {
  return target.split(':', 1)[0] ?? target;
}

export function discordChannel(guildId: string, channelId: string): TargetId {
  return `discord:${guildId}:${channelId}`;
}

export function slackChannel(teamId: string, channelId: string): TargetId {
  return `slack:${teamId}:${channelId}`;
}

export function slackDirect(teamId: string, userId: string): TargetId {
  return `slack:${teamId}:dm:${userId}`;
}

export function discordDirect(userId: string): TargetId {
  return `discord:dm:${userId}`;
}
