import type { AlertChannel } from '../../delivery/alert-channel.js';
import type { Alert } from '../../model/alert.js';
import { type ConsoleStyle, renderAlert } from './render-alert.js';

/** The console adapter: prints each alert to a stream (stdout), for local runs and the demo. */
export class ConsoleChannel implements AlertChannel {
  readonly name = 'console';

  constructor(
    private readonly write: (text: string) => void,
    private readonly style: ConsoleStyle,
  ) {}

  async send(alert: Alert): Promise<void> {
    this.write(`${renderAlert(alert, this.style)}\n\n`);
  }
}
