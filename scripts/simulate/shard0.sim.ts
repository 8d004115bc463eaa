// One half of the scenarios, so vitest runs the two halves on two cores at once.
import { it } from "vitest";
import { runShard } from "./run";

it("simulates shard 0 of 2", () => runShard(0, 2));
