import { INestApplicationContext, Logger } from '@nestjs/common';
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
    const pub = withoutFatalPublish(this.redis.duplicate());
    // Subscriptions are made before the connection is up: they must wait for it (and are renewed after a reconnection).
    const sub = this.redis.duplicate({ enableOfflineQueue: true });
    // Connection problems are logged once by the main Redis connection (redis.ts).
    for (const connection of [pub, sub]) connection.on('error', () => undefined);
    this.connections.push(pub, sub);
    server.adapter(survivingOutages(createAdapter(pub, sub, { key: 'passerelle:socket.io' })) as unknown as Parameters<typeof server.adapter>[0]);
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

type AdapterFactory = ReturnType<typeof createAdapter>;

/**
 * socket.io asks the adapter how many instances there are (PUBSUB NUMSUB)
 * without handling a failure (emit with acknowledgements): while Redis is
 * down that would be an unhandled rejection, fatal to the process. Then
 * the instance only knows itself: it answers 1, and its events reach its
 * own sockets (fetchSockets sees only them, so someone connected elsewhere
 * may get a "message waiting" e-mail — told twice rather than never).
 */
function survivingOutages(factory: AdapterFactory): AdapterFactory {
  // A function, not an arrow: socket.io calls it with `new`.
  return function redisAdapter(nsp: Parameters<AdapterFactory>[0]) {
    const adapter = factory(nsp);
    const serverCount = adapter.serverCount.bind(adapter);
    adapter.serverCount = () => serverCount().catch(() => 1);
    return adapter;
  };
}

/**
 * The adapter publishes without waiting for the result: while Redis is
 * down, each rejected PUBLISH would be an unhandled rejection, which ends a
 * Node process. Live events are hints (clients catch up with `sync`), so a
 * lost one is logged and dropped; the instance keeps serving.
 */
function withoutFatalPublish(pub: Redis): Redis {
  const logger = new Logger('RedisIoAdapter');
  const publish = pub.publish.bind(pub) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  let reported = false;
  (pub as unknown as { publish: typeof publish }).publish = (channel, message) =>
    publish(channel, message).then(
      (receivers) => {
        reported = false;
        return receivers;
      },
      (error: Error) => {
        if (!reported) logger.warn(`a live event was not relayed to the other instances: ${error.message}`);
        reported = true;
        return 0;
      },
    );
  return pub;
}
