import type { D1Migration } from "@cloudflare/vitest-pool-workers";
import type { Env as AppEnvBindings } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends AppEnvBindings {
      TEST_MIGRATIONS: D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import("../src/dev/index");
    }
  }
}
export {};
