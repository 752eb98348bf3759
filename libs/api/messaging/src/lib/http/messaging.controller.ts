import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@passerelle/api/audit';
import { CurrentActor, CurrentAuth, RequestAuth, Roles } from '@passerelle/api/auth';
import {
  AssignThreadRequest,
  ATTACHMENT_TYPE_HEADER,
  AttachmentView,
  EnableMessagingRequest,
  MarkReadRequest,
  MessageView,
  MessagingPractitionerView,
  MessagingSettingsView,
  OpenThreadRequest,
  SendMessageRequest,
  ThreadExportView,
  ThreadListQuery,
  ThreadRecipientsView,
  ThreadSummaryView,
  ThreadView,
  UpdateMessagingSettingsRequest,
} from '@passerelle/shared/contracts';
import { Attachments } from '../attachments/attachments.service';
import { Messaging, MESSAGING_ROLES } from '../threads/messaging.service';
import { uuid } from './params';

const MEMBERS = MESSAGING_ROLES;

@ApiTags('messaging')
@Controller('api/messaging')
export class MessagingController {
  constructor(
    private readonly messaging: Messaging,
    private readonly attachments: Attachments,
  ) {}

  @Roles('PATIENT')
  @Get('my-practitioners')
  myPractitioners(@CurrentAuth() auth: RequestAuth): Promise<MessagingPractitionerView[]> {
    return this.messaging.myPractitioners(auth.account);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Get('patients/:id/keys')
  patientKeys(@Param('id', uuid('patient')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<{ patient: string; practice: string }> {
    return this.messaging.patientKeys(auth.account, actor, id);
  }

  @Roles(...MEMBERS)
  @Get('threads')
  list(@Query() query: ThreadListQuery, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<ThreadSummaryView[]> {
    return this.messaging.list(auth.account, actor, query);
  }

  @Roles(...MEMBERS)
  @Post('threads')
  open(@Body() body: OpenThreadRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<ThreadView> {
    return this.messaging.open(auth.account, actor, body);
  }

  @Roles(...MEMBERS)
  @Get('threads/:id')
  get(@Param('id', uuid('conversation')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<ThreadView> {
    return this.messaging.get(auth.account, actor, id);
  }

  @Roles(...MEMBERS)
  @Get('threads/:id/recipients')
  recipients(@Param('id', uuid('conversation')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<ThreadRecipientsView> {
    return this.messaging.recipients(auth.account, actor, id);
  }

  @Roles(...MEMBERS)
  @Post('threads/:id/messages')
  send(@Param('id', uuid('conversation')) id: string, @Body() body: SendMessageRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<MessageView> {
    return this.messaging.act(auth.account, actor, id, 'message', body);
  }

  @Roles('PRACTITIONER')
  @Post('threads/:id/renew')
  renew(@Param('id', uuid('conversation')) id: string, @Body() body: SendMessageRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<MessageView> {
    return this.messaging.act(auth.account, actor, id, 'renew', body);
  }

  @Roles('PRACTITIONER')
  @Post('threads/:id/refuse')
  refuse(@Param('id', uuid('conversation')) id: string, @Body() body: SendMessageRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<MessageView> {
    return this.messaging.act(auth.account, actor, id, 'refuse', body);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Post('threads/:id/ask-to-book')
  askToBook(@Param('id', uuid('conversation')) id: string, @Body() body: SendMessageRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<MessageView> {
    return this.messaging.act(auth.account, actor, id, 'ask-to-book', body);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Post('threads/:id/close')
  close(@Param('id', uuid('conversation')) id: string, @Body() body: SendMessageRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<MessageView> {
    return this.messaging.act(auth.account, actor, id, 'close', body);
  }

  @Roles(...MEMBERS)
  @Post('threads/:id/read')
  @HttpCode(204)
  read(@Param('id', uuid('conversation')) id: string, @Body() body: MarkReadRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    return this.messaging.markRead(auth.account, actor, id, body.seq);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Post('threads/:id/assign')
  @HttpCode(200)
  assign(@Param('id', uuid('conversation')) id: string, @Body() body: AssignThreadRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<ThreadSummaryView> {
    return this.messaging.assign(auth.account, actor, id, body.accountId ?? null);
  }

  @Roles('PATIENT')
  @Post('threads/:id/archive')
  @HttpCode(200)
  archive(@Param('id', uuid('conversation')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<ThreadSummaryView> {
    return this.messaging.archive(auth.account, actor, id, true);
  }

  @Roles('PATIENT')
  @Post('threads/:id/unarchive')
  @HttpCode(200)
  unarchive(@Param('id', uuid('conversation')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<ThreadSummaryView> {
    return this.messaging.archive(auth.account, actor, id, false);
  }

  /** Streamed upload of the already-encrypted file (application/octet-stream). */
  @Roles(...MEMBERS)
  @Post('threads/:id/attachments')
  upload(@Param('id', uuid('conversation')) id: string, @Req() request: Request, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AttachmentView> {
    const length = request.headers['content-length'];
    return this.attachments.upload(auth.account, actor, id, request.get(ATTACHMENT_TYPE_HEADER), length !== undefined ? Number(length) : null, request);
  }

  @Roles(...MEMBERS)
  @Get('attachments/:id')
  async download(@Param('id', uuid('pièce jointe')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const file = await this.attachments.download(auth.account, actor, id);
    response.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(file.content, {
      type: 'application/octet-stream',
      length: file.size,
      // Server-chosen name (RFC 6266): never the uploader's.
      disposition: `attachment; filename="piece-jointe-${file.id}.pgp"`,
    });
  }

  @Roles('PATIENT')
  @Get('export')
  export(@CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<ThreadExportView> {
    return this.messaging.export(auth.account, actor);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Get('practice/settings')
  readSettings(@CurrentAuth() auth: RequestAuth): Promise<MessagingSettingsView> {
    return this.messaging.settings(auth.account);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Put('practice/settings')
  @HttpCode(204)
  settings(@Body() body: UpdateMessagingSettingsRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    return this.messaging.updateSettings(auth.account, actor, body);
  }

  @Roles('PRACTITIONER')
  @Put('practitioners/:id/enabled')
  @HttpCode(204)
  enable(@Param('id', uuid('praticien')) id: string, @Body() body: EnableMessagingRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    return this.messaging.setEnabled(auth.account, actor, id, body.enabled);
  }
}
