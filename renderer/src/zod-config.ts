import { config } from "zod";

// Zod 4 object schemas probe for eval with `new Function` when they are built,
// which the renderer's Content-Security-Policy (script-src 'self') blocks and
// reports. Jitless mode skips the probe. This module must be imported before
// any module that builds a schema.
config({ jitless: true });
