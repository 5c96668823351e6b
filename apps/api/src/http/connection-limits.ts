import type { Server, Socket } from 'node:net';

/**
 * Caps the connections one client address may hold open at once: beyond `max`, a new connection is closed at once,
 * before any request is read, so one client (a flood, or sockets opened and left idle) cannot use up the process's
 * sockets for everyone else. 0 turns the cap off, as behind a proxy every client arrives from the proxy's address.
 */
export function capConnectionsPerAddress(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
