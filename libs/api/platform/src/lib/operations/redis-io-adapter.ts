import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';

/**
 * socket.io across instances: @socket.io/redis-adapter relays every
 * broadcast (rooms, acknowledgements, fetchSockets) through Redis pub/sub,
 * so an event emitted on one instance reaches sockets connected to any
 * other. Used by main.ts when REDIS_URL is set; without it socket.io keeps
 * its in-memory adapter (one process).
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly connections: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redis: Redis,
  ) {
    super(app);
  }

  // Types from the adapter itself: @nestjs/platform-socket.io pins its own copy of socket.io.
  override createIOServer(port: number, options?: Parameters<IoAdapter['createIOServer']>[1]): ReturnType<IoAdapter['createIOServer']> {
    const server = super.createIOServer(port, options);
    const pub = this.redis.duplicate();
    const sub = this.redis.duplicate();
    this.connections.push(pub, sub);
    server.adapter(createAdapter(pub, sub, { key: 'passerelle:socket.io' }) as unknown as Parameters<typeof server.adapter>[0]);
    return server;
  }

  override async close(server: Parameters<IoAdapter['close']>[0]): Promise<void> {
    await super.close(server);
    // The adapter's close() unsubscribes without waiting: a PING answered means those replies are in,
    // so quitting now rejects nothing (an unhandled "Connection is closed" would end the process with code 1).
    await Promise.all(
      this.connections.splice(0).map(async (connection) => {
        await connection.ping().catch(() => undefined);
        await connection.quit().catch(() => connection.disconnect());
      }),
    );
  }
}
