/** The agency directory, the e-mail dead-letter list and the in-console notifications (bell). */
import { Module } from '@nestjs/common';
import { DirectoryController } from './directory.controller';
import { NotificationFeed } from './notification-feed';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [DirectoryController, NotificationsController],
  providers: [NotificationsService, NotificationFeed],
})
export class NotificationsModule {}
