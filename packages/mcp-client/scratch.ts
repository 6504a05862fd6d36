import { ServiceConnection } from "./src/index.js";

const c = new ServiceConnection(
  {
    name: "noisy",
    type: "stdio",
    command: process.execPath,
    args: ["-e", "for (let i = 0; i < 5000; i++) console.error('line ' + i); process.exit(1)"],
    env: {},
  },
  { stderrBufferChars: 1000, reconnect: { maxAttempts: 0 } },
);
await c.start();
console.log(c.state, JSON.stringify(c.stderrTail.slice(-100)));
await new Promise((r) => setTimeout(r, 500));
console.log(c.state, JSON.stringify(c.stderrTail.slice(-100)));
console.log(c.lastError?.message.slice(0, 300));
await c.close();
