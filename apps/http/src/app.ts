import { Hono } from "hono";

/** The HTTP app. Routes are added by the HTTP issue. */
export function createApp(): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  return app;
}
