// Baseline: a bare socket.io server, no framework, no auth, no checks. Each
// message is inserted into PostgreSQL, then pushed to the recipient's room
// and acknowledged. What the machine can do, to compare Passerelle with.
//   DATABASE_URL=… PORT=… node baseline-server.mjs
import { createServer } from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 16 });
pool.on('error', () => {}); // an idle client's error must not kill the process
await pool.query(`CREATE TABLE IF NOT EXISTS bench_message (id bigserial PRIMARY KEY, thread_id uuid NOT NULL, sender uuid NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);

const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  const accountId = socket.handshake.auth?.accountId;
  if (typeof accountId !== 'string') return socket.disconnect(true);
  socket.join(accountId);
  socket.on('send', async (message, ack) => {
    try {
      const { rows } = await pool.query('INSERT INTO bench_message (thread_id, sender, body) VALUES ($1, $2, $3) RETURNING id', [message.threadId, accountId, message.body]);
      io.to(message.to).emit('message:new', { id: String(rows[0].id), threadId: message.threadId, senderAccountId: accountId, body: message.body });
      ack({ ok: true });
    } catch {
      ack({ ok: false });
    }
  });
});
http.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
