// The session's share links: the object is the authority on whether a code is still good (revocation
// is immediate here, whatever KV's propagation delay), and a snapshot share's offset bound.
export interface Share {
  code: string;
  mode: "live" | "snapshot";
  canPrompt: boolean;
  upToOffset: string | null;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export type ShareStatus = "active" | "revoked" | "expired" | "unknown";

type ShareRow = {
  code: string;
  mode: "live" | "snapshot";
  can_prompt: number;
  up_to_offset: string | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
};

const toShare = (row: ShareRow): Share => ({
  code: row.code,
  mode: row.mode,
  canPrompt: row.can_prompt === 1,
  upToOffset: row.up_to_offset,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

export class SessionShares {
  constructor(private readonly sql: SqlStorage) {}

  insert(share: Share): void {
    this.sql.exec(
      "INSERT INTO shares (code, mode, can_prompt, up_to_offset, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      share.code,
      share.mode,
      share.canPrompt ? 1 : 0,
      share.upToOffset,
      share.createdAt,
      share.expiresAt,
    );
  }

  get(code: string): Share | null {
    const row = this.sql.exec<ShareRow>("SELECT * FROM shares WHERE code = ?", code).toArray()[0];
    return row ? toShare(row) : null;
  }

  list(): Share[] {
    return this.sql.exec<ShareRow>("SELECT * FROM shares ORDER BY created_at DESC").toArray().map(toShare);
  }

  revoke(code: string): boolean {
    return this.sql.exec("UPDATE shares SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL", Date.now(), code).rowsWritten > 0;
  }

  status(code: string, now = Date.now()): ShareStatus {
    const share = this.get(code);
    if (!share) return "unknown";
    if (share.revokedAt !== null) return "revoked";
    return share.expiresAt <= now ? "expired" : "active";
  }
}
