import { existsSync } from "node:fs";
import { describeError, EXIT } from "../errors.js";
import { configLocation, describeStorage, type GlobalOptions, redisOptions } from "../globals.js";
import type { Output } from "../output.js";
import { explainBadConfig, openSession, settle } from "../session.js";

type Status = "ok" | "warn" | "fail";

interface Check {
  readonly check: string;
  readonly status: Status;
  readonly detail: string;
}

/** Every check runs even when an earlier one fails, so one run shows everything that is wrong. */
export async function doctor(out: Output, g: GlobalOptions): Promise<number> {
  const checks: Check[] = [];
  let exitCode: number = EXIT.ok;
  const fail = (check: string, detail: string, code: number) => {
    checks.push({ check, status: "fail", detail });
    if (exitCode === EXIT.ok) exitCode = code;
  };

  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 20) checks.push({ check: "node", status: "ok", detail: `Node ${process.version}` });
  else fail("node", `Node ${process.version}: mcpstore needs Node 20 or newer`, EXIT.failed);

  let configOk = true;
  const usesRedis = (() => {
    try {
      return redisOptions(g) !== undefined;
    } catch {
      return false;
    }
  })();
  if (!usesRedis) {
    const { path, explicit } = configLocation(g);
    if (!existsSync(path)) {
      if (explicit) {
        configOk = false;
        fail("config", `${path} does not exist`, EXIT.usage);
      } else {
        checks.push({ check: "config", status: "ok", detail: `${path} (not created yet: no services)` });
      }
    } else {
      const { readMcpJson } = await import("@mcpstore/store");
      try {
        const doc = await readMcpJson(path).catch((error: unknown) => explainBadConfig(path, error));
        const n = Object.keys(doc.servers).length;
        checks.push({ check: "config", status: "ok", detail: `${path} (${n} service${n === 1 ? "" : "s"})` });
      } catch (error) {
        configOk = false;
        fail("config", describeError(error).message, EXIT.usage);
      }
    }
  }

  if (configOk) {
    let where = "";
    try {
      where = describeStorage(g);
      const session = await openSession(g, out);
      try {
        const s = session.store.storageStatus;
        const status: Status = s.status === "ok" ? "ok" : "warn";
        checks.push({
          check: "storage",
          status,
          detail: session.usesRedis
            ? `${where}: ${s.kind}, ${s.status}${s.lastError ? ` (${s.lastError})` : ""}; namespace ${session.store.namespace}, dataspace ${session.store.dataspace}`
            : `memory: the registry is the config file; call statistics are not kept between commands (use --redis)`,
        });
        await settle(session, out);
        for (const svc of await session.ctx.listServices()) {
          const detail = `${svc.state}, ${svc.toolCount} tools${svc.lastError ? `; last error: ${svc.lastError}` : ""}`;
          if (svc.state === "healthy") checks.push({ check: `service ${svc.name}`, status: "ok", detail });
          else if (svc.state === "warning")
            checks.push({ check: `service ${svc.name}`, status: "warn", detail });
          else fail(`service ${svc.name}`, detail, EXIT.unavailable);
        }
      } finally {
        await session.store.close().catch(() => {});
      }
    } catch (error) {
      const d = describeError(error);
      fail("storage", where ? `${where}: ${d.message}` : d.message, d.exitCode);
    }
  }

  if (out.json) out.data({ ok: exitCode === EXIT.ok, checks });
  else {
    const mark = { ok: out.c.green("ok  "), warn: out.c.yellow("warn"), fail: out.c.red("FAIL") };
    const width = Math.max(...checks.map((c) => c.check.length));
    for (const c of checks) out.line(`${mark[c.status]}  ${c.check.padEnd(width)}  ${c.detail}`);
  }
  return exitCode;
}
