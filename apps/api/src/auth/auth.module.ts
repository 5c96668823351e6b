import { Global, Module } from '@nestjs/common';
import { AdminUsersService } from './admin-users.service.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeysService } from './api-keys.service.js';

@Global()
@Module({
  providers: [ApiKeysService, AdminUsersService, ApiKeyGuard],
  exports: [ApiKeysService, AdminUsersService, ApiKeyGuard],
})
export class AuthModule {}
