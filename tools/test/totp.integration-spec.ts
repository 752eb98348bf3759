import { createHmac } from 'node:crypto';
import { DEMO_TOTP_SECRET } from './demo-accounts';
import { totpCode } from './totp';

// RFC 6238 computed independently of otplib, to be sure the helper produces
// what any authenticator app would show for the demo secret.
function referenceTotp(base32: string, epochSeconds: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of base32.replace(/=+$/, '')) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)?.map((byte) => parseInt(byte, 2)) ?? []);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(epochSeconds / 30)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  const value = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

describe('TOTP helper', () => {
  it.each([0, 59, 1_111_111_109, 1_800_000_000])('matches RFC 6238 for the demo secret at t=%i', async (t) => {
    await expect(totpCode(DEMO_TOTP_SECRET, t)).resolves.toBe(referenceTotp(DEMO_TOTP_SECRET, t));
  });
});
