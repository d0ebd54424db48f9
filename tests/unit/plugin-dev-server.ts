// A Vite dev server for one plugin under test, on a free loopback port, with nothing but that plugin.
import { vi, type Mock } from 'vitest';
import { createServer, type Plugin, type ViteDevServer } from 'vite';

export async function startPluginDevServer(
  root: string,
  plugins: Plugin[],
  base = '/',
): Promise<{ server: ViteDevServer; origin: string }> {
  const server = await createServer({
    root,
    base,
    configFile: false,
    logLevel: 'silent',
    plugins,
    server: { port: 0, host: '127.0.0.1', ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await server.listen();
  const address = server.httpServer!.address();
  return { server, origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

/** Records every payload the dev server sends to the browser over its hot channel (reloads, error overlays). */
export function spyOnHotSend(server: ViteDevServer): Mock {
  const sent = vi.fn();
  const hot = server.environments.client.hot;
  const original = hot.send.bind(hot);
  hot.send = ((...args: Parameters<typeof hot.send>) => {
    sent(args[0]);
    return original(...args);
  }) as typeof hot.send;
  return sent;
}
