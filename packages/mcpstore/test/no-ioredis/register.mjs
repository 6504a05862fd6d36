// `node --import ./register.mjs`: installs hooks.mjs for every ESM import of the program.
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);
