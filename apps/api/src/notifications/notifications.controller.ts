/**
 * Notifications as people see them: the bell in the console (my reminders and escalations, read and unread,
 * pushed live) and, for admins, the e-mails that could not be delivered (the dead-letter list) with retry.
 */
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type Observable, concatMap, from, interval, map, merge } from 'rxjs';
import { type AuthenticatedUser, CurrentUser, ReadOperation, Roles } from '../platform';
import { NotificationFeed } from './notification-feed';
import { OutboxIdParamPipe } from './params';
// Value imports on purpose: the validation pipe reads these classes from the parameters' design types.
import { DeadLetterListView, DeadLetterQuery, DeadLetterView, InboxView } from './notifications.dto';
import { NotificationsService, isForUser } from './notifications.service';

/** A comment line every 25 s keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 25_000;

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(NotificationFeed) private readonly feed: NotificationFeed,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'myNotifications',
    summary: 'My notifications (the bell)',
    description:
      'Reminders and escalations addressed to me, newest first, with the unread count. Officers get their own cases’ and those for any case officer of their agency; supervisors and PPK those for their role.',
  })
  @ApiOkResponse({ type: InboxView })
  inbox(@CurrentUser() user: AuthenticatedUser): Promise<InboxView> {
    return this.notifications.inbox(user);
  }

  @Sse('stream')
  @ApiOperation({
    operationId: 'myNotificationStream',
    summary: 'My notifications, live (server-sent events)',
    description:
      'An `inbox` event with the unread count and the new notification each time one addressed to me is recorded. Send the bearer token in the Authorization header (read the stream with fetch).',
  })
  @ApiProduces('text/event-stream')
  stream(@CurrentUser() user: AuthenticatedUser): Observable<MessageEvent> {
    const updates = this.feed
      .watch((a) => isForUser(user, a))
      .pipe(
        concatMap((a) => from(this.notifications.inbox(user, [a.id]))),
        map((inbox): MessageEvent => ({ type: 'inbox', data: inbox })),
      );
    const keepAlive = interval(KEEP_ALIVE_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: '' })));
    return merge(
      from(this.notifications.inbox(user)).pipe(
        map((inbox): MessageEvent => ({ type: 'inbox', data: inbox })),
      ),
      updates,
      keepAlive,
    );
  }

  @Post(':id/read')
  @HttpCode(204)
  @ReadOperation()
  @ApiParam({ name: 'id', description: 'The notification id' })
  @ApiOperation({ operationId: 'markNotificationRead', summary: 'Mark one of my notifications read' })
  @ApiNoContentResponse()
  markRead(
    @Param('id', OutboxIdParamPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    return this.notifications.markRead(user, id);
  }

  @Get('dead-letters')
  @Roles('admin')
  @ApiOperation({
    operationId: 'deadLetters',
    summary: 'E-mails that could not be delivered',
    description:
      'Refused by the mail server, retries exhausted, or nobody/no address in the directory: with the server’s answer or what is missing. Admins of an agency see their agency’s; national admins all, or one `agency`.',
  })
  @ApiOkResponse({ type: DeadLetterListView })
  async deadLetters(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: DeadLetterQuery,
  ): Promise<DeadLetterListView> {
    return { items: await this.notifications.deadLetters(user, query.agency) };
  }

  @Post('dead-letters/:id/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiParam({ name: 'id', description: 'The dead letter’s id' })
  @ApiOperation({
    operationId: 'retryDeadLetter',
    summary: 'Send a dead e-mail again, to the address the directory has now',
  })
  @ApiOkResponse({ type: DeadLetterView })
  retry(
    @Param('id', OutboxIdParamPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DeadLetterView> {
    return this.notifications.retryDeadLetter(user, id);
  }
}
