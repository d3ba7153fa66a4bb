import type { Alert } from '../model/alert.js';

/** Where alerts go: each platform adapter (console today; Discord and Slack later) is one. */
export interface AlertChannel {
  readonly name: string;
  send(alert: Alert): Promise<void>;
}
