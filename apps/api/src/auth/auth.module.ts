import { Global, Module } from '@nestjs/common';
import { AdminUsersService } from './admin-users.service.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeysService } from './api-keys.service.js';
import { RecentlyAuthenticatedKeys } from './recently-authenticated-keys.js';

@Global()
@Module({
  providers: [ApiKeysService, AdminUsersService, ApiKeyGuard, RecentlyAuthenticatedKeys],
  exports: [ApiKeysService, AdminUsersService, ApiKeyGuard, RecentlyAuthenticatedKeys],
})
export class AuthModule {}
