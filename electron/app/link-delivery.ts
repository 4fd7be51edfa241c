// Deep links reach the app before its page can listen (a link that launched the app is in argv
// before the window exists) and while it runs (second-instance, open-url). This holds them until
// the page has loaded, then delivers each once, parsed.
import type { DeepLink } from '../../shared/deep-link';
import { isDeepLink, parseDeepLink } from './deep-links';

/** Queues parsed links until ready(), then passes each to `deliver` in arrival order. */
export class LinkDelivery {
  private readonly pending: DeepLink[] = [];
  private isReady = false;

  constructor(private readonly deliver: (link: DeepLink) => void) {}

  /** Takes the deep links among command-line arguments (the OS passes a link as one); returns how many. */
  receiveArgv(argv: readonly string[]): number {
    const links = argv.filter(isDeepLink);
    for (const link of links) this.receive(link);
    return links.length;
  }

  /** Takes one link's text, valid or not: an invalid one is delivered as its error message. */
  receive(url: string): void {
    const link = parseDeepLink(url);
    if (this.isReady) this.deliver(link);
    else this.pending.push(link);
  }

  /** The page listens now (again, after a reload): deliver what waited. */
  ready(): void {
    this.isReady = true;
    for (const link of this.pending.splice(0)) this.deliver(link);
  }

  /** The page is gone or reloading: hold links until ready() again. */
  notReady(): void {
    this.isReady = false;
  }
}
