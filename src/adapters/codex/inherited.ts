/** How long after its copied `session_meta` a copied block may still run. */
const COPY_BURST_MS = 2000;

/** A turn boundary in an `event_msg`. */
export type TurnEdge = 'start' | 'end' | undefined;

/**
 * History a thread copied from another one. A forked thread (a user fork, or a
 * sub-agent spawned with its parent's context) starts its rollout with its own
 * `session_meta`, then a copy of the parent's records, the parent's
 * `session_meta` first, all written in one burst at fork time. Those records
 * (tool calls, `token_count`s) belong to the parent, whose own rollout has them;
 * converting them again would count the parent's work twice.
 *
 * The parent's turns follow one another, and the turn that forked is still
 * open when the copy is taken. So the copy ends at a turn start
 * (`task_started` / `turn_started`) while a copied turn is still open, or at
 * the first record stamped more than 2 s after the copied `session_meta`
 * (the copy is written at once; a fork the user continues later is slower).
 */
export class InheritedHistory {
  private active = false;
  private startTime: number | undefined;
  private turnOpen = false;
  from: string | undefined;
  records = 0;

  enter(fromSessionId: string, time: number | undefined): void {
    this.active = true;
    this.from = fromSessionId;
    this.startTime = time;
    this.records = 0;
    this.turnOpen = false;
  }

  get inside(): boolean {
    return this.active;
  }

  /**
   * Whether a record still belongs to the copy: `inside` (skip it), `ended`
   * (this record is the thread's own and closes the copy) or `outside`.
   */
  check(time: number | undefined, edge: TurnEdge): 'inside' | 'ended' | 'outside' {
    if (!this.active) return 'outside';
    const late = time !== undefined && this.startTime !== undefined && time - this.startTime > COPY_BURST_MS;
    if (late || (edge === 'start' && this.turnOpen)) {
      this.active = false;
      return 'ended';
    }
    if (edge !== undefined) this.turnOpen = edge === 'start';
    this.records++;
    return 'inside';
  }

  /** Closes a copy the file ended in. */
  close(): boolean {
    const was = this.active;
    this.active = false;
    return was;
  }
}
