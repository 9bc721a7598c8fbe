/**
 * In-process notice that a user's sessions or role changed (disable, password reset, role change, revoke), so
 * this server's live sockets re-check at once. Other servers notice on their periodic re-check.
 */
export class SessionEvents {
  private readonly listeners = new Set<(userId: string) => void>();

  on(listener: (userId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(userId: string): void {
    for (const l of this.listeners) l(userId);
  }
}
