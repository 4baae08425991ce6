// The room's memory of its last public messages, replayed to each newcomer: a fixed-size ring,
// so a busy room holds exactly `capacity` entries however long it runs.

/**
 * The last `capacity` items pushed, oldest first; capacity 0 keeps nothing.
 *
 * @example
 * const h = new History<string>(2);
 * h.push("a"); h.push("b"); h.push("c");
 * h.items() // ["b", "c"]
 */
export class History<T> {
  private readonly capacity: number;
  private readonly ring: T[] = [];
  /** Where the next item goes once the ring is full (it overwrites the oldest). */
  private next = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  push(item: T): void {
    if (this.capacity === 0) return;
    if (this.ring.length < this.capacity) {
      this.ring.push(item);
      return;
    }
    this.ring[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  items(): T[] {
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  get size(): number {
    return this.ring.length;
  }
}
