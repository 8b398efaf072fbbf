import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { errorMessage } from './error-message';

/**
 * Runs `step` again and again: at once while it reports more work, on `nudge()`, and every `pollMs` otherwise.
 * A failing step is retried with a growing delay, never abandoned.
 */
export class Pump {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nudged = false;
  private readonly log = new Logger('Pump');

  constructor(
    private readonly step: () => Promise<boolean>,
    private readonly pollMs: number,
    private readonly name = 'pump',
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let more = false;
      this.nudged = false;
      try {
        more = await this.step();
        failures = 0;
      } catch (error) {
        failures++;
        this.log.warn(`${this.name} failed (${failures} in a row): ${errorMessage(error)}`);
        await sleep(Math.min(100 * 2 ** failures, 5_000));
        continue;
      }
      if (more || this.nudged || !this.running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
