/**
 * Rate limiting per caller: authenticated requests are counted per user (so colleagues behind one
 * office NAT do not share a budget), public ones per client IP. Runs after authentication, so requests
 * with a bad token are refused (401) before they count.
 */
import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as { id: string } | undefined;
    return user ? `user:${user.id}` : `ip:${String(req.ip)}`;
  }
}
