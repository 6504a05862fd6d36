import { type GlobalOptions, parseMs } from "../globals.js";
import type { Output } from "../output.js";
import { withSession } from "../session.js";
import { waitOptions } from "../store-compat.js";

export async function remove(out: Output, g: GlobalOptions, name: string): Promise<number> {
  return withSession(g, out, async (session) => {
    await session.ctx.removeService(name);
    if (out.json) out.data({ removed: name });
    else out.line(`Removed ${out.c.bold(name)}`);
    return 0;
  });
}

export async function restart(
  out: Output,
  g: GlobalOptions,
  name: string,
  o: { timeout: string },
): Promise<number> {
  const timeoutMs = parseMs(o.timeout)!;
  return withSession(g, out, async (session) => {
    await session.ctx.restartService(name);
    const info = await out.spin(`Restarting ${name}`, () =>
      session.ctx.waitService(name, waitOptions(["healthy", "warning"], timeoutMs)),
    );
    if (out.json) out.data(info);
    else out.line(`Restarted ${out.c.bold(name)}: ${out.state(info.state)}, ${info.toolCount} tools`);
    return 0;
  });
}

export async function wait(
  out: Output,
  g: GlobalOptions,
  name: string,
  o: { timeout: string },
): Promise<number> {
  const timeoutMs = parseMs(o.timeout)!;
  return withSession(g, out, async (session) => {
    const info = await out.spin(`Waiting for ${name}`, () =>
      session.ctx.waitService(name, waitOptions(["healthy"], timeoutMs)),
    );
    if (out.json) out.data(info);
    else out.line(`${out.c.bold(name)} is ${out.state(info.state)} (${info.toolCount} tools)`);
    return 0;
  });
}
