import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '@passerelle/api/audit';
import { CurrentActor, CurrentAuth, RequestAuth, Roles } from '@passerelle/api/auth';
import {
  AccountKeyView,
  CreatePracticeKeyRequest,
  PracticeKeyView,
  RegisterAccountKeyRequest,
  ReprotectAccountKeyRequest,
  SharePracticeKeyRequest,
} from '@passerelle/shared/contracts';
import { MessagingKeys } from '../keys/messaging-keys.service';

@ApiTags('messaging')
@Controller('api/messaging')
export class MessagingKeysController {
  constructor(private readonly keys: MessagingKeys) {}

  @Roles('PATIENT', 'PRACTITIONER', 'SECRETARY')
  @Get('keys/me')
  mine(@CurrentAuth() auth: RequestAuth): Promise<AccountKeyView> {
    return this.keys.mine(auth.account);
  }

  @Roles('PATIENT', 'PRACTITIONER', 'SECRETARY')
  @Put('keys/me')
  register(@Body() body: RegisterAccountKeyRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AccountKeyView> {
    return this.keys.register(auth.account, actor, body);
  }

  /** After a password reset: the same key, protected anew (409 when no reset is pending). */
  @Roles('PATIENT', 'PRACTITIONER', 'SECRETARY')
  @Put('keys/me/protection')
  restore(@Body() body: ReprotectAccountKeyRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AccountKeyView> {
    return this.keys.restore(auth.account, actor, body);
  }

  /** After a password reset, without the recovery kit: a new key pair (409 when no reset is pending). */
  @Roles('PATIENT', 'PRACTITIONER', 'SECRETARY')
  @Post('keys/me/replacement')
  @HttpCode(200)
  replace(@Body() body: RegisterAccountKeyRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AccountKeyView> {
    return this.keys.replace(auth.account, actor, body);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Get('practice-key')
  practiceKey(@CurrentAuth() auth: RequestAuth): Promise<PracticeKeyView> {
    return this.keys.practiceKey(auth.account);
  }

  @Roles('PRACTITIONER')
  @Put('practice-key')
  createPracticeKey(@Body() body: CreatePracticeKeyRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<PracticeKeyView> {
    return this.keys.createPracticeKey(auth.account, actor, body);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Post('practice-key/copies')
  @HttpCode(200)
  share(@Body() body: SharePracticeKeyRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<PracticeKeyView> {
    return this.keys.sharePracticeKey(auth.account, actor, body.copies);
  }
}
