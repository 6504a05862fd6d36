import { expect, it } from "vitest";
import { createApp } from "../src/index.js";

it("answers /healthz", async () => {
  const res = await createApp().request("/healthz");
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});
